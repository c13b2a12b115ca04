/**
 * Interview roles on mdast: a paragraph that starts with a question marker (💬 by default)
 * or a `##` heading becomes a question. The marker is semantic: it is removed from the text
 * and the template decides how a question looks.
 */
import type { Heading, Paragraph, Root, RootContent } from 'mdast';

export type Role = 'question';

export function roleOf(node: RootContent): Role | undefined {
  return (node.data as { role?: Role } | undefined)?.role;
}

function setRole(node: Paragraph | Heading, role: Role): void {
  node.data = { ...(node.data ?? {}), role } as typeof node.data;
}

/** Marks questions in place and returns the tree. */
export function markQuestions(tree: Root, markers: string[]): Root {
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 2) setRole(node, 'question');
    if (node.type !== 'paragraph') continue;
    const first = node.children[0];
    if (!first || first.type !== 'text') continue;
    const text = first.value.replace(/^\s+/, '');
    const marker = markers.find((m) => text.startsWith(m));
    if (!marker) continue;
    // Drop the marker, any variation selector after it, and the spaces that follow.
    first.value = text.slice(marker.length).replace(/^[\uFE0E\uFE0F]?[ \t\u00A0]*/, '');
    if (first.value === '') node.children.shift();
    setRole(node, 'question');
  }
  return tree;
}
