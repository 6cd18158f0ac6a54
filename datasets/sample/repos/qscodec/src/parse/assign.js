// Builds the nested result of parse() one key/value pair at a time.
import { isPlainObject, isUnsafeKey, toIndex } from '../util/array-index.js';

function wantsArray(segment, options) {
  if (!options.parseArrays) return false;
  if (segment === '') return true;
  const index = toIndex(segment);
  return index !== -1 && index <= options.arrayLimit;
}

function arrayToObject(array) {
  const obj = {};
  array.forEach((item, index) => {
    obj[index] = item;
  });
  return obj;
}

/** Merges a repeated value ("a=1&a=2") with what is already stored. */
export function combine(existing, value) {
  return Array.isArray(existing) ? [...existing, value] : [existing, value];
}

/**
 * Stores `value` in `root` under the path `segments` (see splitKey). An empty
 * segment appends to an array; a small numeric segment is an array index;
 * anything else is an object key. An array that receives a non-index key is
 * turned into an object.
 */
export function assign(root, segments, value, options) {
  if (segments.some(isUnsafeKey)) return;

  let parent = null;
  let parentKey = null;
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    let key = segments[i];
    if (Array.isArray(node)) {
      if (key === '' && options.parseArrays) key = node.length;
      else if (wantsArray(key, options)) key = toIndex(key);
      else {
        node = arrayToObject(node);
        parent[parentKey] = node;
      }
    }

    if (i === segments.length - 1) {
      node[key] = Object.prototype.hasOwnProperty.call(node, key)
        ? combine(node[key], value)
        : value;
      return;
    }

    const nextIsArray = wantsArray(segments[i + 1], options);
    let child = node[key];
    if (child === undefined) {
      child = nextIsArray ? [] : {};
    } else if (!Array.isArray(child) && !isPlainObject(child)) {
      // "a=1&a[]=2": the plain value becomes the first element.
      child = nextIsArray ? [child] : {};
    }
    node[key] = child;
    parent = node;
    parentKey = key;
    node = child;
  }
}

/** Removes holes left by sparse indices ("a[3]=x" gives ["x"]), recursively. */
export function compact(value) {
  if (Array.isArray(value)) return value.filter(() => true).map(compact);
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = compact(value[key]);
  }
  return value;
}
