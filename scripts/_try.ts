import { readFileSync, writeFileSync } from 'node:fs';
import { themedSvg } from '../site/lib/markdown/mermaid-svg.ts';
const pairs = [['38f3ef66770a36e93ec25e80dc6626b6d2e252a6c5c76dff0ae4be050d7098c9','0bc663f9cface985e35866ecaf3d60b18c6d82d8cfc4a7dd5d99e40273d4bcc7'],['e79aecb1fd94e4d3272d6189655f9a314cd891c0a6dd676f9a4db934b93c21e5','a5718a11339be01892a7135abbd4c0a7530ca8cbab5336ad96358d79034e4a09'],['98ebf00863e1977a3db39760af725aab51074aaf7e1fac21c56a2d87607d9d8b','16749f4e1f7ec105cd206d110671d3cc10ea6937c4915ab7bdea16e5303052c1']];
for (const [l,d] of pairs) {
  const light = readFileSync(`site/diagrams/cache/${l}.svg`,'utf8');
  const dark = readFileSync(`site/diagrams/cache/${d}.svg`,'utf8').split(`mmd-${d.slice(0,16)}`).join(`mmd-${l.slice(0,16)}`);
  const out = themedSvg(light, dark);
  console.log(light.length, dark.length, '->', out.length, (out.match(/<[a-zA-Z]/g)||[]).length, 'elements, was', (light.match(/<[a-zA-Z]/g)||[]).length);
  writeFileSync(`/tmp/themed-${l.slice(0,6)}.svg`, out);
}
