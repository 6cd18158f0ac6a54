// Intrusive doubly linked list that keeps cache entries in recency order: the head is the
// most recently used entry, the tail the least recently used one. Nodes are plain objects;
// the list only reads and writes their `prev` and `next` fields.

export class LinkedList {
  constructor() {
    this.head = null;
    this.tail = null;
    this.length = 0;
  }

  /** Inserts a node that is not in the list yet at the head. */
  pushFront(node) {
    node.prev = null;
    node.next = this.head;
    if (this.head) this.head.prev = node;
    this.head = node;
    if (!this.tail) this.tail = node;
    this.length += 1;
    return node;
  }

  /** Unlinks a node that is in the list. */
  remove(node) {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = null;
    node.next = null;
    this.length -= 1;
    return node;
  }

  /** Makes a node that is already in the list the head. */
  moveToFront(node) {
    if (this.head === node) return node;
    this.remove(node);
    return this.pushFront(node);
  }

  /** Removes and returns the tail (least recently used) node, or undefined when empty. */
  popBack() {
    const node = this.tail;
    if (!node) return undefined;
    return this.remove(node);
  }

  clear() {
    this.head = null;
    this.tail = null;
    this.length = 0;
  }

  /** Head to tail: most recently used first. Safe against removing the current node. */
  *forward() {
    let node = this.head;
    while (node) {
      const next = node.next;
      yield node;
      node = next;
    }
  }

  /** Tail to head: least recently used first. Safe against removing the current node. */
  *backward() {
    let node = this.tail;
    while (node) {
      const prev = node.prev;
      yield node;
      node = prev;
    }
  }
}
