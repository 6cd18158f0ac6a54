import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LinkedList } from '../src/store/list.js';

const node = (id) => ({ id, prev: null, next: null });
const ids = (iterable) => [...iterable].map((n) => n.id);

describe('LinkedList', () => {
  it('starts empty', () => {
    const list = new LinkedList();
    assert.equal(list.length, 0);
    assert.equal(list.head, null);
    assert.equal(list.tail, null);
    assert.deepEqual(ids(list.forward()), []);
    assert.equal(list.popBack(), undefined);
  });

  it('pushFront puts the newest node at the head', () => {
    const list = new LinkedList();
    const a = list.pushFront(node('a'));
    list.pushFront(node('b'));
    list.pushFront(node('c'));
    assert.equal(list.length, 3);
    assert.equal(list.head.id, 'c');
    assert.equal(list.tail, a);
    assert.deepEqual(ids(list.forward()), ['c', 'b', 'a']);
    assert.deepEqual(ids(list.backward()), ['a', 'b', 'c']);
  });

  it('removes nodes from the middle and both ends', () => {
    const list = new LinkedList();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => list.pushFront(node(id)));
    list.remove(b);
    assert.deepEqual(ids(list.forward()), ['d', 'c', 'a']);
    assert.equal(b.prev, null);
    assert.equal(b.next, null);
    list.remove(d);
    assert.equal(list.head, c);
    assert.equal(c.prev, null);
    list.remove(a);
    assert.equal(list.tail, c);
    assert.equal(c.next, null);
    assert.equal(list.length, 1);
    list.remove(c);
    assert.equal(list.head, null);
    assert.equal(list.tail, null);
    assert.equal(list.length, 0);
  });

  it('moveToFront reorders and keeps both ends right', () => {
    const list = new LinkedList();
    const [a, b, c] = ['a', 'b', 'c'].map((id) => list.pushFront(node(id)));
    list.moveToFront(a);
    assert.deepEqual(ids(list.forward()), ['a', 'c', 'b']);
    assert.equal(list.tail, b);
    list.moveToFront(c);
    assert.deepEqual(ids(list.forward()), ['c', 'a', 'b']);
    list.moveToFront(c);
    assert.deepEqual(ids(list.backward()), ['b', 'a', 'c']);
    assert.equal(list.length, 3);
  });

  it('popBack returns the least recently pushed node', () => {
    const list = new LinkedList();
    ['a', 'b', 'c'].forEach((id) => list.pushFront(node(id)));
    assert.equal(list.popBack().id, 'a');
    assert.equal(list.popBack().id, 'b');
    assert.equal(list.length, 1);
    assert.equal(list.head, list.tail);
    assert.equal(list.popBack().id, 'c');
    assert.equal(list.popBack(), undefined);
    assert.equal(list.length, 0);
  });

  it('lets callers remove the current node while iterating, and clears', () => {
    const list = new LinkedList();
    ['a', 'b', 'c', 'd'].forEach((id) => list.pushFront(node(id)));
    const seen = [];
    for (const n of list.backward()) {
      seen.push(n.id);
      if (n.id === 'b' || n.id === 'c') list.remove(n);
    }
    assert.deepEqual(seen, ['a', 'b', 'c', 'd']);
    assert.deepEqual(ids(list.forward()), ['d', 'a']);
    for (const n of list.forward()) list.remove(n);
    assert.equal(list.length, 0);
    ['x', 'y'].forEach((id) => list.pushFront(node(id)));
    list.clear();
    assert.equal(list.length, 0);
    assert.deepEqual(ids(list.backward()), []);
  });

});
