package report

import _ "embed"

// ReportSchema is the JSON Schema (draft 2020-12) of the pushback.report/v1
// document that WriteJSON produces.
//
//go:embed schema/report-v1.schema.json
var ReportSchema []byte
