// What the benchmarks print with: milliseconds, a verdict, and a plain text
// table (the first column left-aligned, the rest right-aligned).

export const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
export const pass = (ok) => (ok ? 'yes' : 'NO');

export function table(head, rows) {
  const all = [head, ...rows].map((r) => r.map(String));
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  console.log(line(all[0]));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of all.slice(1)) console.log(line(r));
  console.log('');
}
