// The demo page: choose a user, browse the catalog, click or like items, and watch the
// recommendations and the profile change. Plain DOM; every text from the API goes in as text.
import { api, ApiError, getApiKey, setApiKey } from './api.js';

const userStorage = 'orleansreco.userId';
const pageSize = 20;
const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

const state = {
  userId: '',
  catalog: { search: '', category: '', offset: 0, total: 0 },
  shownRecs: new Set(),
  refreshes: 0,
  categories: new Set(),
};

// ---- messages ----

function say(text, isError = false) {
  const box = $('message');
  box.textContent = text;
  box.hidden = !text;
  box.classList.toggle('error', isError);
  box.setAttribute('role', isError ? 'alert' : 'status');
}

const fail = (error) => say(error.message ?? String(error), true);

// ---- rendering ----

const categoriesText = (categories) => [].concat(categories).flatMap((c) => String(c).split('|')).filter(Boolean).join(', ');
const number = (value, digits) => (typeof value === 'number' ? value.toFixed(digits) : '—');

function itemElement(testId, itemId, title, metaParts) {
  const li = document.getElementById('item-template').content.firstElementChild.cloneNode(true);
  li.dataset.testid = testId;
  li.dataset.itemId = itemId;
  li.querySelector('.title').textContent = title;
  li.querySelector('.meta').textContent = metaParts.filter(Boolean).join(' · ');
  for (const button of li.querySelectorAll('button[data-action]')) {
    button.dataset.testid = button.dataset.action;
    button.setAttribute('aria-label', `${button.textContent} ${title}`);
  }
  return li;
}

function renderCatalog(page) {
  const list = $('catalog');
  list.replaceChildren(...page.items.map((item) => {
    const li = itemElement('catalog-item', item.itemId, item.title, [item.itemId, categoriesText(item.categories)]);
    li.dataset.category = item.categories.join('|');
    return li;
  }));

  for (const category of page.items.flatMap((item) => item.categories.flatMap((c) => c.split('|')))) {
    state.categories.add(category);
  }
  document.getElementById('categories').replaceChildren(
    ...[...state.categories].filter(Boolean).sort().map((c) => Object.assign(document.createElement('option'), { value: c })));

  const { offset } = state.catalog;
  state.catalog.total = page.total;
  $('catalog-range').textContent = page.total === 0
    ? 'No items match.'
    : `${offset + 1}–${offset + page.items.length} of ${page.total}`;
  $('catalog-prev').disabled = offset === 0;
  $('catalog-next').disabled = offset + page.items.length >= page.total;
}

const variantsText = (experiments) => (experiments?.length
  ? `; experiments: ${experiments.map((e) => `${e.experiment} = ${e.variant}`).join(', ')}`
  : '');

function renderRecommendations(result) {
  const previous = state.shownRecs;
  const items = result.items.map((rec) => {
    const li = itemElement('rec-item', rec.itemId, rec.title,
      [categoriesText(rec.category), `score ${number(rec.score, 3)}`]);
    li.dataset.category = rec.category;
    const reason = document.createElement('span');
    reason.className = 'reason';
    reason.dataset.testid = 'rec-reason';
    reason.textContent = rec.reason;
    li.querySelector('.item-text').append(reason);
    if (previous.size > 0 && !previous.has(rec.itemId)) {
      li.classList.add('new');
      const badge = Object.assign(document.createElement('span'), { className: 'badge', textContent: 'new' });
      li.querySelector('.title').after(badge);
    }
    return li;
  });
  $('recommendations').replaceChildren(...items);
  state.shownRecs = new Set(result.items.map((rec) => rec.itemId));
  $('recs-hint').textContent = items.length === 0
    ? 'Nothing to recommend yet.'
    : `Top ${items.length} for ${result.userId} (model version ${result.modelVersion})${variantsText(result.experiments)}.`;
}

function setField(testId, text) {
  const field = $(testId);
  if (field.textContent !== text) {
    field.textContent = text;
    field.classList.remove('changed');
    void field.offsetWidth; // restart the highlight
    field.classList.add('changed');
  }
}

function renderProfile(profile) {
  $('profile-user').textContent = `— ${profile.userId}`;
  setField('profile-interactions', String(profile.interactionCount));
  setField('profile-drift', number(profile.driftCosine, 4));
  setField('profile-average-drift', number(profile.averageDriftCosine, 4));
  setField('profile-drift-events', String(profile.driftEvents));
  setField('profile-segment', String(profile.segment ?? '—'));
  setField('profile-model-version', String(profile.modelVersion));
}

// ---- actions ----

// What the segment analytics may show: sizes and top items are withheld under the k-anonymity floor.
function describeSegment(summary) {
  if (!summary) return '—';
  if (summary.hidden) return `${summary.segmentId}: hidden (fewer users than the privacy floor)`;
  const parts = [`${summary.segmentId}: ${summary.size}${summary.noisy ? ' (noisy)' : ''} users`];
  if (summary.meanDriftCosine != null) parts.push(`mean drift cosine ${number(summary.meanDriftCosine, 3)}`);
  if (summary.topItems?.length) parts.push(`top: ${summary.topItems.slice(0, 5).join(', ')}`);
  return parts.join(' · ');
}

async function segmentSummary(segment) {
  if (segment == null) return null;
  try {
    return await api.segment(segment);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

async function refreshUser() {
  if (!state.userId) return;
  const ticket = ++state.refreshes;
  const [recs, profile] = await Promise.all([api.recommendations(state.userId, 10), api.profile(state.userId)]);
  const segment = await segmentSummary(profile.segment);
  if (ticket === state.refreshes) {
    // All at once, so the list, the profile and its segment always show the same moment.
    renderRecommendations(recs);
    renderProfile(profile);
    setField('segment-summary', describeSegment(segment));
  }
}

async function useUser(userId) {
  if (userId !== state.userId) state.shownRecs = new Set();
  state.userId = userId;
  localStorage.setItem(userStorage, userId);
  $('user-id').value = userId;
  await refreshUser();
}

async function loadCatalog() {
  const { search, category, offset } = state.catalog;
  try {
    renderCatalog(await api.browse({ search, category, offset, limit: pageSize }));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
      throw new Error(`This gateway cannot browse the catalog yet (GET /v1/items answered ${error.status}).`);
    }
    throw error;
  }
}

async function interact(itemId, type, button) {
  if (!state.userId) {
    say('Choose a user first: enter a user id and press "Use".', true);
    $('user-id').focus();
    return;
  }
  button.disabled = true;
  try {
    const result = await api.interact(state.userId, itemId, type);
    await refreshUser();
    say(`${type === 'like' ? 'Liked' : 'Clicked'} ${itemId}: ${result.interactionCount} interactions, drift cosine ${number(result.driftCosine, 4)}${result.drifted ? ' (drifted)' : ''}.`);
  } finally {
    button.disabled = false;
  }
}

function demographicsFrom(form) {
  const data = new FormData(form);
  const body = {};
  const age = String(data.get('age') ?? '').trim();
  if (age) body.age = Number(age);
  for (const field of ['gender', 'occupation', 'zipCode']) {
    const value = String(data.get(field) ?? '').trim();
    if (value) body[field] = value;
  }
  return body;
}

// ---- wiring ----

async function run(action, event) {
  try {
    await action(event);
  } catch (error) {
    fail(error);
  }
}

function onSubmit(formId, action) {
  document.getElementById(formId).addEventListener('submit', (event) => {
    event.preventDefault();
    run(action, event);
  });
}

const onClick = (element, action) => element.addEventListener('click', (event) => run(action, event));

function wire() {
  const key = $('api-key');
  key.value = getApiKey();
  const saveKey = () => {
    setApiKey(key.value.trim());
    say(key.value.trim() ? 'API key saved in this browser.' : 'API key removed.');
  };
  key.addEventListener('change', saveKey);
  onSubmit('key-form', saveKey);

  onSubmit('user-form', async () => {
    const userId = $('user-id').value.trim();
    if (!userId) throw new Error('Enter a user id.');
    await useUser(userId);
    say(`Showing ${userId}.`);
  });

  onSubmit('demographics-form', async (event) => {
    const userId = $('user-id').value.trim();
    if (!userId) {
      $('user-id').focus();
      throw new Error('Enter a user id to create.');
    }
    await api.setDemographics(userId, demographicsFrom(event.target));
    await useUser(userId);
    say(`Created ${userId} with demographics.`);
  });

  onSubmit('catalog-form', async () => {
    state.catalog.search = $('catalog-search').value.trim();
    state.catalog.category = $('catalog-category').value.trim();
    state.catalog.offset = 0;
    await loadCatalog();
  });

  onClick($('catalog-prev'), async () => {
    state.catalog.offset = Math.max(0, state.catalog.offset - pageSize);
    await loadCatalog();
  });
  onClick($('catalog-next'), async () => {
    state.catalog.offset += pageSize;
    await loadCatalog();
  });

  onClick(document.querySelector('main'), async (event) => {
    const button = event.target.closest('button[data-action]');
    const item = button?.closest('[data-item-id]');
    if (item) await interact(item.dataset.itemId, button.dataset.action, button);
  });
}

async function showHealth() {
  try {
    const health = await api.health();
    $('health').textContent = `${health.status} · model version ${health.modelVersion} · ${health.items} items · ${health.catalogSource}`;
  } catch (error) {
    $('health').textContent = 'Gateway not healthy.';
    fail(error);
  }
}

wire();
await Promise.all([
  showHealth(),
  run(loadCatalog),
  run(async () => {
    const saved = localStorage.getItem(userStorage);
    if (saved) await useUser(saved);
  }),
]);
