export function bench(items: readonly unknown[], variants: Record<string, (x: any) => boolean>, rounds = 15) {
  const best: Record<string, number> = {};
  for (const f of Object.values(variants)) for (let w = 0; w < 3; w++) for (const x of items) f(x);
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of Object.entries(variants)) {
      const t = performance.now();
      let c = 0;
      for (const x of items) if (f(x)) c++;
      const ns = ((performance.now() - t) * 1e6) / items.length;
      best[name] = Math.min(best[name] ?? Infinity, ns);
    }
  }
  for (const [k, v] of Object.entries(best)) console.log(k.padEnd(30), v.toFixed(1), 'ns');
}
