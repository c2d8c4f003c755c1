import { createHash } from 'node:crypto';
import {
  defaultKnowledgeOptions,
  emptyOverlay,
  maskContact,
  wordingKey,
  type KnowledgeAudit,
  type KnowledgeOverlay,
  type KnowledgeStore,
  type KnowledgeStoreOptions,
  type UnansweredGroup,
} from './knowledge-types.js';

/** Id of a group of similar wording. */
export const groupId = (text: string) => createHash('sha256').update(wordingKey(text)).digest('hex').slice(0, 16);

/** The knowledge base in process memory: one instance, lost on restart (no REDIS_URL). */
export function createMemoryKnowledgeStore(options: KnowledgeStoreOptions = defaultKnowledgeOptions): KnowledgeStore {
  let version = 0;
  let overlay: KnowledgeOverlay = emptyOverlay();
  const auditLines: KnowledgeAudit[] = [];
  const groups = new Map<string, UnansweredGroup>();
  const copy = <T>(value: T): T => structuredClone(value);
  return {
    kind: 'memory',
    async load() {
      return { version, overlay: copy(overlay) };
    },
    async version() {
      return version;
    },
    async save(next, expectedVersion, audit) {
      if (expectedVersion !== version) return 'conflict';
      version++;
      overlay = copy(next);
      auditLines.unshift({ ...audit, version });
      auditLines.length = Math.min(auditLines.length, options.auditMax);
      return { version };
    },
    async audit(limit) {
      return copy(auditLines.slice(0, limit));
    },
    async recordUnanswered({ text, lang, conversationId, at, reason }) {
      const id = groupId(text);
      const before = groups.get(id);
      groups.delete(id); // re-inserted last: Map order is least recently seen first
      groups.set(id, { id, text: maskContact(text), lang, conversationId, reason, count: (before?.count ?? 0) + 1, lastSeen: at.toISOString() });
      while (groups.size > options.unansweredMax) groups.delete(groups.keys().next().value!);
    },
    async unanswered(limit) {
      return copy([...groups.values()].reverse().slice(0, limit));
    },
    async dismissUnanswered(id) {
      groups.delete(id);
    },
    async close() {},
  };
}
