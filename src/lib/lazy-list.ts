/**
 * A list of `length` items, each made by `make` when first read and kept. An array to its
 * readers (index, length, iteration: Astro's route list walks it when the pages change).
 */
export function lazyList<T>(length: number, make: (i: number) => T): T[] {
  const made = new Map<number, T>();
  const item = (i: number) => {
    let x = made.get(i);
    if (x === undefined && !made.has(i)) made.set(i, (x = make(i)));
    return x as T;
  };
  const index = (key: string | symbol) => (typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) && Number(key) < length ? Number(key) : undefined);
  return new Proxy(new Array<T>(length), {
    get: (target, key, receiver) => {
      const i = index(key);
      return i === undefined ? Reflect.get(target, key, receiver) : item(i);
    },
    // The array's methods skip holes: every index holds an item, made when read.
    has: (target, key) => index(key) !== undefined || Reflect.has(target, key),
  });
}
