package htmlview

import (
	"strings"
	"testing"
)

func TestRenderUntrustedText(t *testing.T) {
	for _, tc := range []struct{ in, wantIn, notIn string }{
		{`<script>window.__pwned=1</script>`, `&lt;script&gt;`, `<script`},
		{"Look: <img src=x onerror=\"window.__pwned=1\">", `&lt;img src=x onerror=`, `<img`},
		{"<div onclick='x()'>block</div>\n", `&lt;div onclick=`, `<div`},
		{`[click](javascript:window.__pwned=1)`, `click`, `javascript:`},
		{`</textarea><b>`, `&lt;/textarea&gt;`, `</textarea>`},
		{`unclosed <span style="x`, `unclosed`, `<span style`},
		{`![chart](http://example.com/x.png)`, `![chart](http://example.com/x.png)`, `<img`},
		{`see [docs](https://example.com)`, `href="https://example.com"`, ``},
		{`=SUM(A1)`, `=SUM(A1)`, ``},
	} {
		got := Render(tc.in)
		if !strings.Contains(got, tc.wantIn) || tc.notIn != "" && strings.Contains(got, tc.notIn) {
			t.Errorf("Render(%q) = %q, want it to hold %q and not %q", tc.in, got, tc.wantIn, tc.notIn)
		}
	}
}

func TestRenderMath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// _ and * inside LaTeX survive markdown.
		{`cost $O(N D_{random} M)$ and $a*b*c$`, `<span class="math">$O(N D_{random} M)$</span> and <span class="math">$a*b*c$</span>`},
		{"$$\n\\frac{x_1}{x_2}\n$$", "<span class=\"math display\">$$\n\\frac{x_1}{x_2}\n$$</span>"},
		{`\(q_i^T k_j\)`, `<span class="math">\(q_i^T k_j\)</span>`},
		{`\[\|q\|_2\]`, `<span class="math display">\[\|q\|_2\]</span>`},
		// Money is not math, nor $ in code.
		{`it costs $5 and $10 later`, `it costs $5 and $10 later`},
		{"`$x_1$` in code", "<code>$x_1$</code> in code"},
		{`**Final answer:** $O(N^2)$.`, `<strong>Final answer:</strong> <span class="math">$O(N^2)$</span>.`},
	} {
		if got := Render(tc.in); !strings.Contains(got, tc.want) {
			t.Errorf("Render(%q) = %q, want %q in it", tc.in, got, tc.want)
		}
	}
	if got := Render("| a | b |\n|---|---|\n| 1 | 2 |\n"); !strings.Contains(got, "<table>") {
		t.Errorf("tables: %q", got)
	}
}
