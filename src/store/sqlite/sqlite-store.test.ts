import path from 'node:path';
import { tempDir } from '../../../test/support/temp.js';
import { describeMetadataStoreContract } from '../contract/metadata-store.contract.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = tempDir();
let counter = 0;

describeMetadataStoreContract('SQLite', () => {
  counter += 1;
  const store = openSqliteStore(path.join(dir, `store-${counter}.db`));
  return Promise.resolve({
    store,
    // async, so a refused statement becomes a rejected promise as it would from a server.
    raw: async (sql) => void store.db.exec(sql),
    dropGuards: async () =>
      void store.db.exec(
        'DROP TRIGGER ledger_events_no_update; DROP TRIGGER ledger_events_no_delete;',
      ),
  });
});
