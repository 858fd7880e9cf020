package mathexpr

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseMathKeys(t *testing.T) {
	known := map[string]bool{"N": true, "D": true, "D_r": true, "M": true}
	expr := Config{Known: known, Calls: true, Letters: true}
	bigo := Config{Known: known}
	tests := []struct {
		in   string
		cfg  Config
		key  string
		side string // right-most side; the whole input when empty
	}{
		{`\frac12`, expr, "(1/2)", ""},
		{`\frac{a}{b}c`, expr, "((a/b)·c)", ""},
		{`\sqrt[3]{x}`, expr, "x^(1/3)", ""},
		{`\sqrt D_r`, expr, "D_r^0.5", ""},
		{`√N`, expr, "N^0.5", ""},
		{`N^{1.5}`, bigo, "N^1.5", ""},
		{`N²D`, bigo, "(D·N^2)", ""},
		{`2⁻¹`, expr, "2^-1", ""},
		{`x**-1`, expr, "x^-1", ""},
		{`\log^2 N`, bigo, "log(N)^2", ""},
		{`\log_2 N`, bigo, "log_2(N)", ""},
		{`\log(N) D`, bigo, "(D·log(N))", ""},
		{`\log N D`, bigo, "(D·log(N))", ""},
		{`NlogN`, bigo, "(N·log(N))", ""},
		{`ND^2`, bigo, "(D^2·N)", ""},
		{`NDD_r`, bigo, "(D·D_r·N)", ""},
		{`D_rN`, bigo, "(D_r·N)", ""},
		{`D_{\text{random}}`, bigo, "D_random", ""},
		{`D_{\mathrm{random}}`, bigo, "D_random", ""},
		{`D\_r`, bigo, "D_r", ""},
		{`d_{model}`, bigo, "d_model", ""},
		{`\mathrm{d}_{\mathrm{model}}`, bigo, "d_model", ""},
		{`{\rm sim}`, bigo, "sim", ""},
		{`\text{seq\_len}`, bigo, "seq_len", ""},
		{`N(D+M)`, bigo, "((D+M)·N)", ""},
		{`ab`, expr, "(a·b)", ""},
		{`ab`, bigo, "ab", ""},
		{`x(1-x)`, expr, "((-x+1)·x)", ""},
		{`f(x)`, expr, "(f·x)", ""},
		{`K(q,k)`, expr, "K(q,k)", ""},
		{`\mathcal{K}_{\text{Gauss}}(q, k)`, expr, "K_Gauss(q,k)", ""},
		{`\text{sim}(q,k)`, expr, "sim(q,k)", ""},
		{`\operatorname{sim}(q,k)`, expr, "sim(q,k)", ""},
		{`\phi(q)`, expr, "phi(q)", ""},
		{`q^T k`, expr, "⟨k,q⟩", ""},
		{`q^\top k`, expr, "⟨k,q⟩", ""},
		{`q^{\top}k`, expr, "⟨k,q⟩", ""},
		{`2 q^T k`, expr, "(2·⟨k,q⟩)", ""},
		{`\phi(q)^T\phi(k)`, expr, "⟨phi(k),phi(q)⟩", ""},
		{`\langle q, k\rangle`, expr, "⟨k,q⟩", ""},
		{`<q,k>`, expr, "⟨k,q⟩", ""},
		{`q^T`, expr, "qᵀ", ""},
		{`\|q\|^2`, expr, "‖q‖^2", ""},
		{`||q||_2^2`, expr, "‖q‖^2", ""},
		{`\lVert q \rVert`, expr, "‖q‖", ""},
		{`\left\| q \right\|`, expr, "‖q‖", ""},
		{`\|q\|\|k\|`, expr, "(‖k‖·‖q‖)", ""},
		{`|x|`, expr, "|x|", ""},
		{`\left|x\right|`, expr, "|x|", ""},
		{`\sigma^2`, expr, "sigma^2", ""},
		{`σ_x`, expr, "sigma_x", ""},
		{`\sigma_{x}`, expr, "sigma_x", ""},
		{`\hat{y}`, expr, "hat{y}", ""},
		{`\vec{q}`, expr, "q", ""},
		{`\max(N, M)`, bigo, "max(N,M)", ""},
		{`\sin^2 x`, expr, "sin(x)^2", ""},
		{`-x^2`, expr, "-x^2", ""},
		{`a - -b`, expr, "(--b+a)", ""},
		{`2 \times 3 \cdot 4`, expr, "(2·3·4)", ""},
		{`a \div b`, expr, "(a/b)", ""},
		{`\Big(a\Big)`, expr, "a", ""},
		{`\exp\left(x\right)`, expr, "exp(x)", ""},
		{`e^{x}`, expr, "2.71828182846^x", ""},
		{`2\pi`, expr, "(2·3.14159265359)", ""},
		{`V'_i = \frac{a}{b}`, expr, "(a/b)", `\frac{a}{b}`},
		{`a = b = c`, expr, "c", "c"},
		{`x := \left(y\right)`, expr, "y", `\left(y\right)`},
		{`x \approx 2`, expr, "2", "2"},
		{`w_i \propto \exp(s_i)`, expr, "exp(s_i)", `\exp(s_i)`},
		{`$x$ \,\displaystyle`, expr, "x", ""},
		{`\begin x`, expr, "", ""}, // error: \begin is not math
	}
	for _, tt := range tests {
		n, side, err := Parse(tt.in, tt.cfg)
		if tt.key == "" {
			if err == nil {
				t.Errorf("Parse(%q) = %s, want an error", tt.in, n.Key())
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := n.Key(); got != tt.key {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.key)
		}
		want := tt.side
		if want == "" {
			want = strings.TrimSpace(tt.in)
		}
		if side != want {
			t.Errorf("Parse(%q) side = %q, want %q", tt.in, side, want)
		}
	}
}

func TestParseMathErrors(t *testing.T) {
	cfg := Config{Calls: true}
	tests := []struct{ in, msg string }{
		{"", "unexpected end"},
		{"x +", "unexpected end"},
		{"(x", `expected ")"`},
		{`\frac{a}{`, "unexpected end"},
		{`x_{a`, "unbalanced {"},
		{`\infty`, "infinity"},
		{`\sum_i x_i`, `unsupported command \sum`},
		{"x_", "empty subscript"},
		{"a ; b", "unexpected ';'"},
		{"x!", "unexpected '!'"},
		{`\`, "dangling backslash"},
		{`\text{for all}`, `cannot read \text{for all}`},
		{"a, b", `unexpected ","`},
		{strings.Repeat("(", 300) + "x" + strings.Repeat(")", 300), "nested too deeply"},
		{strings.Repeat("-", 300) + "x", "nested too deeply"},
		{strings.Repeat("x", MaxLen+1), "longer than"},
		{`\sin(a, b)`, "takes one argument"},
	}
	for _, tt := range tests {
		_, _, err := Parse(tt.in, cfg)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Parse(%.40q) error = %v, want it to contain %q", tt.in, err, tt.msg)
		}
	}
}

func TestSplitKnown(t *testing.T) {
	known := map[string]bool{"N": true, "D": true, "D_r": true, "D_random": true, "M": true, "ND": true, "n": true}
	tests := []struct {
		in   string
		want []string
	}{
		{"NM", []string{"N", "M"}},
		{"NDM", []string{"ND", "M"}}, // the fewest parts win
		{"NDD_r", []string{"ND", "D_r"}},
		{"ND_random", []string{"N", "D_random"}},
		{"Nd", nil},
		{"D_x", nil},
		{"_N", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitKnown(tt.in, known); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitKnown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLexMath(t *testing.T) {
	toks, err := lexMath(`\mathcal{K}_{\text{Gauss}}(q,k)\,\cdot e^{-x} N² ‖q‖ V'_i`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range toks {
		got = append(got, tk.String())
	}
	want := []string{`"K_Gauss"`, `"("`, `"q"`, `","`, `"k"`, `")"`, `"*"`, `"e"`, `"^"`, `"{"`, `"-"`, `"x"`, `"}"`,
		`"N"`, `"^"`, `"{"`, `"2"`, `"}"`, `"‖"`, `"q"`, `"‖"`, `"V'_i"`, `"end of input"`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tokens = %v\nwant     %v", got, want)
	}
}

func TestCanonSub(t *testing.T) {
	tests := map[string]string{
		`{\text{random}}`: "random", `{\mathrm{random}}`: "random", `{random}`: "random",
		`{\sigma}`: "sigma", `{ i , j }`: "i,j", `{\text{Gauss}\,}`: "Gauss", `\text{model}`: "model",
	}
	for in, want := range tests {
		if got := canonSub(in); got != want {
			t.Errorf("canonSub(%q) = %q, want %q", in, got, want)
		}
	}
}
