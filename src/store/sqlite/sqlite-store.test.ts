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
    // Promises, so a refused statement becomes a rejection as it would from a database server.
    raw: (sql) => Promise.resolve().then(() => void store.db.exec(sql)),
    dropGuards: () =>
      Promise.resolve().then(
        () =>
          void store.db.exec(
            'DROP TRIGGER ledger_events_no_update; DROP TRIGGER ledger_events_no_delete;',
          ),
      ),
  });
});
