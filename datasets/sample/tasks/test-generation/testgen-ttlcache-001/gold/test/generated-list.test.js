import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LinkedList } from '../src/store/list.js';

function build(...names) {
  const list = new LinkedList();
  const nodes = {};
  for (const name of names) nodes[name] = list.pushFront({ name });
  return { list, nodes };
}
const fwd = (list) => [...list.forward()].map((n) => n.name);
const bwd = (list) => [...list.backward()].map((n) => n.name);

function assertConsistent(list) {
  const f = fwd(list);
  assert.deepEqual(bwd(list), [...f].reverse(), 'backward walk mirrors forward walk');
  assert.equal(list.length, f.length, 'length matches the nodes reachable');
  if (f.length === 0) {
    assert.equal(list.head, null);
    assert.equal(list.tail, null);
  } else {
    assert.equal(list.head.name, f[0]);
    assert.equal(list.tail.name, f[f.length - 1]);
    assert.equal(list.head.prev, null);
    assert.equal(list.tail.next, null);
  }
}

describe('LinkedList (generated)', () => {
  it('a single pushed node is both head and tail', () => {
    const { list, nodes } = build('x');
    assert.equal(list.head, nodes.x);
    assert.equal(list.tail, nodes.x);
    assert.equal(list.length, 1);
    assertConsistent(list);
  });

  it('pushFront returns the node and links both directions', () => {
    const list = new LinkedList();
    const a = { name: 'a' };
    assert.equal(list.pushFront(a), a);
    list.pushFront({ name: 'b' });
    list.pushFront({ name: 'c' });
    assert.deepEqual(fwd(list), ['c', 'b', 'a']);
    assert.deepEqual(bwd(list), ['a', 'b', 'c']);
    assert.equal(a.prev.name, 'b');
    assertConsistent(list);
  });

  it('remove of the tail moves the tail to the previous node', () => {
    const { list, nodes } = build('a', 'b', 'c');
    assert.equal(list.remove(nodes.a), nodes.a);
    assert.equal(list.tail, nodes.b);
    assert.equal(list.length, 2);
    assertConsistent(list);
  });

  it('remove of the head and of a middle node', () => {
    const { list, nodes } = build('a', 'b', 'c', 'd');
    list.remove(nodes.d);
    assert.equal(list.head, nodes.c);
    list.remove(nodes.b);
    assert.deepEqual(fwd(list), ['c', 'a']);
    assert.equal(nodes.b.prev, null);
    assert.equal(nodes.b.next, null);
    assertConsistent(list);
  });

  it('length goes back to zero when every node is removed', () => {
    const { list, nodes } = build('a', 'b', 'c');
    list.remove(nodes.b);
    list.remove(nodes.a);
    list.remove(nodes.c);
    assert.equal(list.length, 0);
    assertConsistent(list);
    list.pushFront({ name: 'z' });
    assert.equal(list.length, 1);
    assertConsistent(list);
  });

  it('moveToFront of the tail, a middle node and the head', () => {
    const { list, nodes } = build('a', 'b', 'c');
    assert.equal(list.moveToFront(nodes.a), nodes.a);
    assert.deepEqual(fwd(list), ['a', 'c', 'b']);
    assertConsistent(list);
    list.moveToFront(nodes.c);
    assert.deepEqual(fwd(list), ['c', 'a', 'b']);
    assertConsistent(list);
    list.moveToFront(nodes.c);
    assert.deepEqual(fwd(list), ['c', 'a', 'b']);
    assert.equal(list.length, 3);
    assertConsistent(list);
  });

  it('popBack drains from least recently pushed, then returns undefined', () => {
    const { list } = build('a', 'b', 'c');
    const popped = [];
    for (let n = list.popBack(); n; n = list.popBack()) popped.push(n.name);
    assert.deepEqual(popped, ['a', 'b', 'c']);
    assert.equal(list.popBack(), undefined);
    assertConsistent(list);
  });

  it('backward iteration survives removing the node just yielded', () => {
    const { list } = build('a', 'b', 'c', 'd', 'e');
    const seen = [];
    for (const n of list.backward()) {
      seen.push(n.name);
      if (n.name !== 'c') list.remove(n);
    }
    assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(fwd(list), ['c']);
    assertConsistent(list);
  });

  it('forward iteration survives removing the node just yielded', () => {
    const { list } = build('a', 'b', 'c');
    const seen = [];
    for (const n of list.forward()) {
      seen.push(n.name);
      list.remove(n);
    }
    assert.deepEqual(seen, ['c', 'b', 'a']);
    assertConsistent(list);
  });

  it('clear empties the list and allows reuse', () => {
    const { list } = build('a', 'b');
    list.clear();
    assertConsistent(list);
    list.pushFront({ name: 'n' });
    assert.deepEqual(fwd(list), ['n']);
    assertConsistent(list);
  });
});
