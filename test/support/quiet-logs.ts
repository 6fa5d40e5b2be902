// Code under test logs through Powertools (JSON lines meant for CloudWatch); tests assert on outcomes and on the log
// fakes they inject, so the real logger stays silent and a failing run shows its assertions, not thousands of lines.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
