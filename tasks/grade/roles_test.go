package grade

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestStatesSetting: a question's own setting ("r = 8") is recognised,
// not a longer number or a name inside a word.
func TestStatesSetting(t *testing.T) {
	prompt := "With rank r = 8 on W_q and W_v, and ε = 0.1, how many parameters?"
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"r", "8", true}, {"r", "80", false}, {"r", "8.5", false}, {"ε", "0.1", true}, {"ε", "0", false}, {"k", "8", false},
	} {
		if got := statesSetting(prompt, c.name, c.value); got != c.want {
			t.Errorf("statesSetting(%s = %s) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
	if statesSetting("the order = 8", "r", "8") {
		t.Error(`"order = 8" does not set r`)
	}
	if !specialSetting("with ε = 0, this becomes", prompt) || specialSetting("with r = 8 on both, the count is", prompt) || specialSetting("well defined even with ε = 0:", prompt) {
		t.Error("specialSetting is wrong")
	}
}

// naiveQuotedRanges is quotedRanges as first written: every window of the
// reply searched for in the user text.
func naiveQuotedRanges(reply, user string) [][2]int {
	if len(user) < minQuote || len(reply) < minQuote {
		return nil
	}
	lr, lu := strings.ToLower(reply), strings.ToLower(user)
	var out [][2]int
	for i := 0; i+minQuote <= len(lr); {
		if !strings.Contains(lu, lr[i:i+minQuote]) {
			i++
			continue
		}
		end := i + minQuote
		for end < len(lr) && strings.Contains(lu, lr[i:end+1]) {
			end++
		}
		out = append(out, [2]int{i, end})
		i = end
	}
	return out
}

// TestQuotedRangesHashed: looking reply windows up by their rolling hash
// finds exactly the spans a search of the user text for every window
// finds, on replies that quote pieces of the user text (spliced, re-cased,
// back to back, at either end) among other words.
func TestQuotedRangesHashed(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the cost of the attention is O(N D) per head and the feature map φ(x) ∈ ℝ^D costs N·D·M so the total is linear in N Final answer: λ_t = β_t² / (2σ_t² α_t (1 − ᾱ_t))")
	text := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	for k := range 400 {
		user := text(100 + rng.IntN(900))
		var reply strings.Builder
		for reply.Len() < 50+rng.IntN(2000) {
			switch rng.IntN(3) {
			case 0:
				reply.WriteString(text(rng.IntN(120)))
			default:
				i := rng.IntN(len(user))
				j := min(len(user), i+rng.IntN(160))
				piece := user[i:j]
				if rng.IntN(2) == 0 {
					piece = strings.ToUpper(piece)
				}
				reply.WriteString(piece)
			}
		}
		got, want := quotedRanges(reply.String(), user), naiveQuotedRanges(reply.String(), user)
		if !slices.Equal(got, want) {
			t.Fatalf("case %d: quotedRanges = %v, want %v\nreply %q\nuser %q", k, got, want, reply.String(), user)
		}
	}
}
