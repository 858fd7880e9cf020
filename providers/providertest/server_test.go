package providertest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pushback/pushback/providers/providertest"
)

// valid is a minimal valid request per protocol: path, auth header, body.
var valid = map[providertest.Protocol]struct {
	path, header, value, body string
}{
	providertest.OpenAI:    {"/v1/chat/completions", "Authorization", "Bearer " + providertest.TestKey, `{"model":"m","messages":[{"role":"user","content":"hi"}]}`},
	providertest.Gemini:    {"/v1beta/models/m:generateContent", "X-Goog-Api-Key", providertest.TestKey, `{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}`},
	providertest.Anthropic: {"/v1/messages", "Authorization", "Bearer " + providertest.TestKey, `{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}`},
}

func send(t *testing.T, s *providertest.Server, method, path, header, value, body string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Anthropic-Version", "2023-06-01")
	if header != "" {
		req.Header.Set(header, value)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v map[string]any
	json.Unmarshal(b, &v)
	return resp, v
}

// noAuth is what each service answers a request without a key.
var noAuth = map[providertest.Protocol]int{providertest.OpenAI: 401, providertest.Gemini: 403, providertest.Anthropic: 401}

// The fakes reject what the real services reject, in their error shapes.
func TestFakesCheckRequests(t *testing.T) {
	for p, ok := range valid {
		t.Run(string(p), func(t *testing.T) {
			s := providertest.New(t, p, providertest.TestKey)
			for _, tc := range []struct {
				name                       string
				method, path, header, body string
				want                       int
			}{
				{"valid", "POST", ok.path, ok.header, ok.body, 200},
				{"no auth", "POST", ok.path, "", ok.body, noAuth[p]},
				{"wrong path", "POST", "/v2/other", ok.header, ok.body, 404},
				{"wrong method", "GET", ok.path, ok.header, "", 405},
				{"no messages", "POST", ok.path, ok.header, `{"model":"m","max_tokens":10}`, 400},
				{"not JSON", "POST", ok.path, ok.header, `{"model":`, 400},
			} {
				resp, body := send(t, s, tc.method, tc.path, tc.header, ok.value, tc.body)
				if resp.StatusCode != tc.want {
					t.Errorf("%s: status %d, want %d (%v)", tc.name, resp.StatusCode, tc.want, body)
				}
				if tc.want != 200 && body["error"] == nil {
					t.Errorf("%s: body %v has no error object", tc.name, body)
				}
			}
			if n := s.Requests(); n != 6 {
				t.Errorf("requests = %d, want 6", n)
			}
		})
	}
}

func TestLatencyAndRateLimit(t *testing.T) {
	ok := valid[providertest.OpenAI]
	s := providertest.NewOpenAI(t, providertest.TestKey)
	s.SetLatency(150 * time.Millisecond)
	start := time.Now()
	if resp, _ := send(t, s, "POST", ok.path, ok.header, ok.value, ok.body); resp.StatusCode != 200 || time.Since(start) < 150*time.Millisecond {
		t.Errorf("status %d after %v, want 200 after the 150ms latency", resp.StatusCode, time.Since(start))
	}
	s.SetLatency(0)
	s.SetRateLimit(2)
	var codes []int
	for range 3 {
		resp, _ := send(t, s, "POST", ok.path, ok.header, ok.value, ok.body)
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") != "1" {
			t.Errorf("429 without Retry-After: 1")
		}
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != 429 || s.Rejected() != 1 {
		t.Errorf("codes = %v, rejected = %d; want 200, 200, 429 and 1", codes, s.Rejected())
	}
}
