// The studio's JSON API (docs/commands/studio.md). The cookie set by the first load carries
// the token; nothing else is sent anywhere.
export class ApiError extends Error {
  constructor(status, error) {
    super(error && error.message ? error.message : `HTTP ${status}`);
    this.status = status;
    this.details = error || {};
  }
}

async function call(method, path, body) {
  const options = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const text = await response.text();
  let data = null;
  try { data = JSON.parse(text); } catch { data = { error: { message: text } }; }
  if (!response.ok) throw new ApiError(response.status, data && data.error);
  return data;
}

export function tablePath(schema, table) {
  return `/api/rows/${encodeURIComponent(schema)}/${encodeURIComponent(table)}`;
}

export const api = {
  info: () => call('GET', '/api/info'),
  schema: () => call('GET', '/api/schema'),
  tables: () => call('GET', '/api/tables'),
  rows: (schema, table, params) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') query.set(name, value);
    }
    return call('GET', `${tablePath(schema, table)}?${query}`);
  },
  insert: (schema, table, body) => call('POST', tablePath(schema, table), body),
  update: (schema, table, body) => call('PATCH', tablePath(schema, table), body),
  remove: (schema, table, body) => call('DELETE', tablePath(schema, table), body),
  sql: (sql) => call('POST', '/api/sql', { sql }),
  migrations: () => call('GET', '/api/migrations'),
  plan: () => call('GET', '/api/plan'),
};
