package htmlview

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"

	"github.com/pushback/pushback/results/report"
)

var (
	//go:embed assets/app.js
	appJS string
	//go:embed assets/app.css
	appCSS string
)

// WriteRun writes the HTML report of one run.
func WriteRun(w io.Writer, rep *report.Report) error {
	d, err := newRunData(rep)
	if err != nil {
		return err
	}
	if err := write(w, &page{Schema: "pushback.html/v1", Mode: "run", Rates: rateDefs(), Runs: []*runData{d}}); err != nil {
		return err
	}
	return rep.Err()
}

// WriteCompare writes the HTML comparison of two runs: both runs' metrics,
// the differences with their intervals, and the branches whose outcome
// changed, each linked to its transcript in both runs.
func WriteCompare(w io.Writer, c *report.Comparison) error {
	a, err := newRunData(c.A)
	if err != nil {
		return err
	}
	b, err := newRunData(c.B)
	if err != nil {
		return err
	}
	return write(w, &page{Schema: "pushback.html/v1", Mode: "compare", Rates: rateDefs(), Runs: []*runData{a, b}, Compare: newCompare(c)})
}

func write(w io.Writer, p *page) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	index, err := json.Marshal(p) // escapes <, > and &: safe inside a script element
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(appJS))
	csp := "default-src 'none'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src data: blob:; base-uri 'none'; form-action 'none'"
	fmt.Fprintf(bw, `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="referrer" content="no-referrer">
<title>%s</title>
<style>%s</style>
</head>
<body>
<div id="app"><p class="loading">Loading the report…</p></div>
<script type="application/json" id="pb-index">`, html.EscapeString(csp), html.EscapeString(title(p)), appCSS)
	bw.Write(index)
	bw.WriteString("</script>\n")
	for ri, r := range p.Runs {
		for ci, texts := range r.chunks {
			data, err := encodeChunk(texts)
			if err != nil {
				return err
			}
			fmt.Fprintf(bw, `<script type="application/octet-stream" id="pb-c-%d-%d">%s</script>`+"\n", ri, ci, data)
		}
	}
	bw.WriteString("<script>")
	bw.WriteString(appJS)
	bw.WriteString("</script>\n</body>\n</html>\n")
	return bw.Flush()
}
