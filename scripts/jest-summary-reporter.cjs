// Jest reporter: writes this package's test counts to ./test-results.json, summed up by scripts/test-summary.mjs.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const out = {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites + (results.numRuntimeErrorTestSuites || 0),
      total: results.numTotalTests,
    };
    fs.writeFileSync(path.join(this.rootDir, 'test-results.json'), JSON.stringify(out) + '\n');
  }
}
module.exports = SummaryReporter;
