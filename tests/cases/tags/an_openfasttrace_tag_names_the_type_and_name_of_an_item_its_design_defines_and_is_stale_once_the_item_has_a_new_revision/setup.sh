init
config "specs: [\"doc/*.md\"]
tags:
  syntax: [oft]
drift: { granularity: section }"
write doc/requirements.md "# Requirements

## Reading settings
\`req~read-settings~1\`

The tool reads its settings from a file.

Needs: dsn
"
write doc/design.md "# Design

## Settings Reader
\`dsn~read-settings~1\`

The reader parses the settings file line by line.

Covers:
* \`req~read-settings~1\`

Needs: impl, utest

## Defaults
\`dsn~settings-defaults~2\`

Missing keys take their default values.

Needs: impl
"
write src/Settings.java "package app;

// [impl->dsn~read-settings~1]
class SettingsReader {
    void read() { parse(); }
}

// [ impl -> dsn~settings-defaults~2 >> impl ]
class Defaults {
    int timeout() { return 30; }
}
"
commit initial
