package htmlview

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Model text is untrusted. A reply is rendered as markdown by goldmark,
// whose raw HTML (and images, which would load a resource) are written
// out as text, then the result goes through a bluemonday allow-list of
// the markdown elements (links only to http, https and mailto). Math spans
// are cut out before markdown sees them, so `_` and `*` inside LaTeX
// survive, and put back as escaped source in a math font: model LaTeX is
// often malformed, source reads better than a failed render, and no
// renderer and fonts need be shipped in every file.

var (
	md = goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(textRenderer{}, 100))),
	)
	policyOnce sync.Once
	policy     *bluemonday.Policy
)

func sanitizer() *bluemonday.Policy {
	policyOnce.Do(func() {
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "code", "pre",
			"blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "span")
		p.AllowAttrs("start").Matching(regexp.MustCompile(`^\d+$`)).OnElements("ol")
		p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
		p.AllowAttrs("href").OnElements("a")
		p.AllowURLSchemes("http", "https", "mailto")
		p.RequireParseableURLs(true)
		p.RequireNoFollowOnLinks(true)
		p.RequireNoReferrerOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		policy = p
	})
	return policy
}

// textRenderer writes raw HTML and images as the text they were written
// as: a reply's <script> shows, it does not run; ![x](url) loads nothing.
type textRenderer struct{}

func (textRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				s := segs.At(i)
				w.WriteString(html.EscapeString(string(s.Value(src))))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		w.WriteString("<p>")
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			s := lines.At(i)
			w.WriteString(html.EscapeString(string(s.Value(src))))
		}
		if b.HasClosure() {
			w.WriteString(html.EscapeString(string(b.ClosureLine.Value(src))))
		}
		w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindImage, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			img := n.(*ast.Image)
			w.WriteString(html.EscapeString("![" + string(img.Text(src)) + "](" + string(img.Destination) + ")"))
		}
		return ast.WalkSkipChildren, nil
	})
}

// mathRe finds the math spans of a reply: display $$…$$ and \[…\], inline
// \(…\) and $…$ (not money: the opening $ is followed and the closing one
// preceded by a non-space, and no digit follows the closing one).
var mathRe = regexp.MustCompile(`(?s)\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|\$[^\s$](?:[^$\n]*[^\s$])?\$(?:[^\d]|$)`)

// codeRe finds fenced code blocks and inline code, where $ is not math.
var codeRe = regexp.MustCompile("(?s)```.*?```|~~~.*?~~~|`[^`\n]+`")

// Render turns one reply (or pushback) into safe HTML.
func Render(text string) string {
	var spans []string
	placeholder := func(i int) string { return "PBMATH" + strconv.Itoa(i) + "X" }
	codes := codeRe.FindAllStringIndex(text, -1)
	inCode := func(i int) bool {
		for _, c := range codes {
			if i >= c[0] && i < c[1] {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	last := 0
	for _, m := range mathRe.FindAllStringIndex(text, -1) {
		s, e := m[0], m[1]
		if inCode(s) {
			continue
		}
		span := text[s:e]
		// The inline pattern takes the character after the closing $.
		if strings.HasPrefix(span, "$") && !strings.HasPrefix(span, "$$") && !strings.HasSuffix(span, "$") {
			e--
			span = text[s:e]
		}
		b.WriteString(text[last:s])
		b.WriteString(placeholder(len(spans)))
		spans = append(spans, span)
		last = e
	}
	b.WriteString(text[last:])
	var out bytes.Buffer
	if err := md.Convert([]byte(b.String()), &out); err != nil {
		return "<pre>" + html.EscapeString(text) + "</pre>"
	}
	safe := sanitizer().Sanitize(out.String())
	for i := len(spans) - 1; i >= 0; i-- {
		src := spans[i]
		class := "math"
		if strings.HasPrefix(src, "$$") || strings.HasPrefix(src, `\[`) {
			class = "math display"
		}
		safe = strings.Replace(safe, placeholder(i), `<span class="`+class+`">`+html.EscapeString(src)+`</span>`, 1)
	}
	return safe
}
