package grade

import "testing"

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
