init
config "specs: [\"doc/*.md\"]
tags:
  syntax: [oft]"
write doc/requirements.md "# Requirements

## Exporting
\`feat~export~1\`

Data can be exported.

Needs: req

## Export as CSV
\`req~export-csv~1\`

Exports are CSV files.

Covers:
* \`feat~export~1\`

Needs:
* dsn
"
write doc/design.md "# Design

## CSV Writer
\`dsn~csv-writer~1\`

Rows are written with a comma between fields.

Needs: impl, utest

## Encoding
\`dsn~csv-encoding~1\`

Files are UTF-8.

Needs:
* impl

## Why CSV
\`dsn~why-csv~1\`

Every spreadsheet reads it.
"
write src/Csv.java "// [impl->dsn~csv-writer~1]
class CsvWriter {}
"
commit initial
