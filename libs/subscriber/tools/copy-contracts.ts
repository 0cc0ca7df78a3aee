import { writeContractsCopy } from './contracts-copy';

const written = writeContractsCopy();
process.stdout.write(written.length ? `src/contracts: refreshed ${written.join(', ')}\n` : 'src/contracts: up to date\n');
