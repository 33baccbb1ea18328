// Compares version pairs with node-semver's semver.compare (default options: strict parsing).
'use strict'
const path = require('path')
const semver = require(path.join(process.argv[2], 'node_modules', 'semver'))
const valid = (v) => { try { new semver.SemVer(v); return true } catch { return false } }
const lines = require('fs').readFileSync(0, 'utf8').split('\n')
const out = []
for (const line of lines) {
  if (line === '') continue
  const [a, b] = line.split('\t')
  if (!valid(a)) out.push('invalid-a')
  else if (!valid(b)) out.push('invalid-b')
  else out.push(['<', '=', '>'][semver.compare(a, b) + 1])
}
process.stdout.write(out.join('\n') + '\n')
