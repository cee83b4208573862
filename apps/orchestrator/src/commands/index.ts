import type { Command } from '../io.js';

/** A command as the CLI lists it; its module is loaded only when it runs, so a run loads what it needs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

/** Every command of the CLI, in the order `tmsync --help` lists them. */
export function commands(): CommandEntry[] {
  return [
    {
      name: 'lint',
      summary: 'check threat models against the rubric (text, JSON or SARIF)',
      load: async () => (await import('./lint.js')).lint,
    },
    {
      name: 'stats',
      summary: 'sections, provenance counts and questions of a model',
      load: async () => (await import('./stats.js')).stats,
    },
    {
      name: 'answer',
      summary: "fold maintainers' answers into the model (promote, correct, strike)",
      load: async () => (await import('./answer.js')).answer,
    },
    {
      name: 'sidecar',
      summary: 'check, create or refresh the threat-model.yaml sidecar of a newer-generation model',
      load: async () => (await import('./sidecar.js')).sidecar,
    },
    {
      name: 'diff',
      summary: 'semantic diff of two versions of a model (files or git refs)',
      load: async () => (await import('./diff.js')).diff,
    },
    {
      name: 'show',
      summary: 'print the model as it stood at a tag or any git ref',
      load: async () => (await import('./show.js')).show,
    },
    {
      name: 'history',
      summary: 'provenance counts and open questions at each commit of the model',
      load: async () => (await import('./history.js')).history,
    },
    {
      name: 'init',
      summary: 'write a new draft model with every rubric section',
      load: async () => (await import('./init.js')).init,
    },
    {
      name: 'pointers',
      summary: 'plan or propose pointer and addendum changes for the satellites',
      load: async () => (await import('./pointers.js')).pointers,
    },
    {
      name: 'chain',
      summary: 'check that AGENTS.md -> SECURITY.md -> threat model resolves',
      load: async () => (await import('./chain.js')).chain,
    },
    {
      name: 'drift',
      summary: "compare addenda's inherited sections with the parent now",
      load: async () => (await import('./drift.js')).drift,
    },
    {
      name: 'pin',
      summary: "bind the satellites' pointers and addenda to a tag of the parent",
      load: async () => (await import('./pin.js')).pin,
    },
    {
      name: 'campaign',
      summary: 'plan, apply or show a whole campaign: pointers, chains, drift',
      load: async () => (await import('./campaign.js')).campaign,
    },
    {
      name: 'report',
      summary: 'a static site (or Markdown summary) of every family of a campaign',
      load: async () => (await import('./report.js')).report,
    },
    {
      name: 'questions',
      summary: 'open and partial questions with their age and citing claims',
      load: async () => (await import('./questions.js')).questions,
    },
  ];
}
