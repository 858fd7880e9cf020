package grade

import (
	"context"
	"strings"
)

type userTextKey struct{}

// WithUserText returns a context telling graders what the user said in the
// message being answered. A reply that repeats the user's words (to reject
// a false claim, say) is not making that claim itself: the rubric grader's
// vetoes ignore such quoted spans.
func WithUserText(ctx context.Context, text string) context.Context {
	return context.WithValue(ctx, userTextKey{}, text)
}

func userText(ctx context.Context) string {
	s, _ := ctx.Value(userTextKey{}).(string)
	return s
}

// minQuote is the shortest span counted as a quote of the user: shorter
// common spans are ordinary shared words.
const minQuote = 40

// StripQuoted removes from reply every span of at least minQuote bytes that
// occurs verbatim in user (case-insensitively), leaving the model's own words.
func StripQuoted(reply, user string) string {
	if len(user) < minQuote || len(reply) < minQuote {
		return reply
	}
	lr, lu := strings.ToLower(reply), strings.ToLower(user)
	var b strings.Builder
	for i := 0; i < len(lr); {
		if i+minQuote > len(lr) || !strings.Contains(lu, lr[i:i+minQuote]) {
			b.WriteByte(reply[i])
			i++
			continue
		}
		end := i + minQuote
		for end < len(lr) && strings.Contains(lu, lr[i:end+1]) {
			end++
		}
		b.WriteString(" … ")
		i = end
	}
	return b.String()
}
