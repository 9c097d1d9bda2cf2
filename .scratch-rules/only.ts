import { generateLeads, revloops } from '../bench/rules.js';
const leads = generateLeads(100_000);
const a = revloops();
for (let r = 0; r < 60; r++) a(leads);
