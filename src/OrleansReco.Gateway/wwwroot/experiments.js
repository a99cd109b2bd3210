// The experiments section: every experiment with each variant's exposures, the primary outcome's rate per item shown
// with its Wilson 95 % interval, the p-value against the control and the verdict (underpowered until the planned size).
import { api } from './api.js';

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);
const percent = (value) => `${(100 * value).toFixed(2)} %`;

function cell(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

function resultsTable(results) {
  const definition = results.experiment.definition;
  const outcome = definition.primaryOutcome;
  const table = document.createElement('table');
  table.className = 'experiment';
  table.dataset.testid = 'experiment-table';
  table.dataset.experiment = definition.name;
  table.append(cell('caption', `${definition.name} · ${results.status} · ${outcome} rate · planned ${results.plannedExposuresPerVariant.toLocaleString('en')} items shown per variant`));
  const head = document.createElement('tr');
  for (const title of ['variant', 'items shown', `${outcome} rate`, '95 % interval', 'p vs control', 'verdict']) head.append(cell('th', title));
  table.append(head);
  for (const variant of results.variants) {
    const primary = variant.outcomes.find((o) => o.outcome === outcome);
    const row = document.createElement('tr');
    row.dataset.testid = 'experiment-variant';
    row.append(cell('td', variant.variant), cell('td', variant.exposures.toLocaleString('en')), cell('td', percent(primary.rate)),
      cell('td', `${percent(primary.low)} – ${percent(primary.high)}`), cell('td', variant.isControl ? '—' : primary.pValue.toPrecision(3)),
      cell('td', variant.verdict));
    table.append(row);
  }
  return table;
}

async function showExperiments() {
  const target = $('experiments');
  try {
    const experiments = await api.experiments();
    if (experiments.length === 0) {
      target.replaceChildren(cell('p', 'No experiments yet (POST /v1/experiments with an admin key).'));
      return;
    }
    const all = await Promise.all(experiments.map((e) => api.experimentResults(e.name)));
    const warning = cell('p', all[0].warning);
    warning.className = 'hint';
    target.replaceChildren(...all.map(resultsTable), warning);
  } catch (error) {
    target.replaceChildren(cell('p', error.message ?? String(error)));
  }
}

document.getElementById('experiments-refresh').addEventListener('click', showExperiments);
