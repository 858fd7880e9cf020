package grade

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pushback/pushback/tasks/grade/mathexpr"
)

// EvalExpr evaluates an expression in the expr grader's syntax with the
// given values of its variables and atoms. Keys are written like the
// expression itself ("s", `\sigma`, "m_t", `\|q\|`, "K(q,k)"). It exists so
// tests can check a pack's reference against an independent computation;
// an atom without a value is an error.
func EvalExpr(src string, vars map[string]float64) (float64, error) {
	known := map[string]bool{}
	values := map[string]float64{}
	for name, v := range vars {
		n, _, err := mathexpr.Parse(name, mathexpr.Config{Calls: true})
		if err != nil {
			return 0, fmt.Errorf("variable %q: %w", name, err)
		}
		if !n.IsAtom() {
			return 0, fmt.Errorf("variable %q is not a name, call, norm or inner product", name)
		}
		if n.Kind == mathexpr.Sym {
			known[n.Name] = true
		}
		values[n.Key()] = v
	}
	n, _, err := mathexpr.Parse(trimMathAnswer(src), mathexpr.Config{Known: known, Calls: true, Letters: true})
	if err != nil {
		return 0, fmt.Errorf("cannot parse %q: %w", src, err)
	}
	ev := exprEval{values: values}
	x := ev.eval(n)
	if ev.missing != "" {
		have := make([]string, 0, len(values))
		for k := range values {
			have = append(have, k)
		}
		sort.Strings(have)
		return 0, fmt.Errorf("%q needs a value for %s (given: %s)", src, ev.missing, strings.Join(have, ", "))
	}
	return x, nil
}
