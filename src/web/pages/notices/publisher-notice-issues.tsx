// Located errors and warnings of a notice (ScoLOMfr import, form, API): where (the element or field, the
// line in the file when there is one), the rule broken and the French message.
import type { NoticeIssue } from '../../../modules/notices/scolomfr-document.js';

export function IssueList({ issues }: { issues: readonly NoticeIssue[] }) {
  return (
    <ul class="fr-mb-1w">
      {issues.map((issue) => (
        <li>
          <code>{issue.path}</code>
          {issue.line > 0 && <>, ligne {issue.line}</>} (règle <code>{issue.rule}</code>) : {issue.message}
        </li>
      ))}
    </ul>
  );
}
