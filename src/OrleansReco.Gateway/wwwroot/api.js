// The OrleansReco HTTP API as the page uses it. Every call sends the stored API key as X-Api-Key.

const keyStorage = 'orleansreco.apiKey';

export function getApiKey() {
  return localStorage.getItem(keyStorage) ?? '';
}

export function setApiKey(key) {
  if (key) {
    localStorage.setItem(keyStorage, key);
  } else {
    localStorage.removeItem(keyStorage);
  }
}

/** An answer other than 2xx, with a message fit to show. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  const headers = { accept: 'application/json' };
  const key = getApiKey();
  if (key) {
    headers['X-Api-Key'] = key;
  }
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }

  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'The gateway cannot be reached.');
  }

  if (response.ok) {
    return response.status === 204 ? null : response.json();
  }
  throw new ApiError(response.status, await describe(response));
}

async function describe(response) {
  if (response.status === 401) {
    return 'The gateway wants a valid API key (401 Unauthorized): enter one under "API key".';
  }
  if (response.status === 403) {
    return 'This API key may not do that (403 Forbidden): use another key under "API key".';
  }

  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // Not a problem document: fall back on the status line.
  }
  const details = problem?.errors
    ? Object.entries(problem.errors).map(([field, messages]) => `${field}: ${[].concat(messages).join(' ')}`).join('; ')
    : problem?.detail;
  const title = problem?.title ?? `${response.status} ${response.statusText}`;
  return details ? `${title} ${details}` : title;
}

const user = (id) => `/v1/users/${encodeURIComponent(id)}`;

export const api = {
  health: () => call('GET', '/health'),
  browse: ({ search, category, offset, limit }) => {
    const query = new URLSearchParams({ offset: String(offset), limit: String(limit) });
    if (search) query.set('search', search);
    if (category) query.set('category', category);
    return call('GET', `/v1/items?${query}`);
  },
  // A user nothing is stored about yet is a 404: show them as new, with nothing learned.
  profile: (userId) => call('GET', user(userId)).catch((error) => {
    if (error instanceof ApiError && error.status === 404) {
      return { userId, interactionCount: 0, driftCosine: 1, averageDriftCosine: 1, driftEvents: 0, segment: null, modelVersion: 0 };
    }
    throw error;
  }),
  recommendations: (userId, k = 10) => call('GET', `${user(userId)}/recommendations?k=${k}`),
  setDemographics: (userId, demographics) => call('PUT', `${user(userId)}/demographics`, demographics),
  segment: (id) => call('GET', `/v1/segments/${encodeURIComponent(id)}`),
  interact: (userId, itemId, type) => call('POST', `${user(userId)}/interactions`, { interactions: [{ itemId, type }] }),
  experiments: () => call('GET', '/v1/experiments'),
  experimentResults: (name) => call('GET', `/v1/experiments/${encodeURIComponent(name)}/results`),
};
