/** `npm run content:check`: the help content report; exits 1 when the content fails the check. */
import { readArticleFiles } from "../src/modules/content/content-files.ts";
import { checkContent, formatReport } from "../src/modules/content/content-check.ts";

const report = checkContent(readArticleFiles());
console.log(formatReport(report));
process.exitCode = report.failures.length > 0 ? 1 : 0;
