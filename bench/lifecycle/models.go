package lifecycle

import (
	"fmt"
	"os"
	"strings"

	"github.com/pushback/pushback/providers"
)

// Models are the models a run asks, and where they were configured.
type Models struct {
	Configs []providers.ModelConfig
	// Source says where they came from: a models file, --models, or both.
	Source string
	// Simulated is set when nothing was configured and the simulated
	// models stand in (sim:oracle, sim:sycophant, …).
	Simulated bool
}

// DefaultModelsFile is read when no models file or list is given.
const DefaultModelsFile = "models.yaml"

// ResolveModels reads the models of a run: those of the models file
// (default ./models.yaml when it exists and no list is given) and of the
// provider:model list, or the simulated models when there are none. It
// does not check keys (see CheckModels).
func ResolveModels(file, list string) (Models, error) {
	var ms Models
	var sources []string
	if file == "" && list == "" {
		if _, err := os.Stat(DefaultModelsFile); err == nil {
			file = DefaultModelsFile
		}
	}
	if file != "" {
		cfg, err := providers.LoadConfig(file)
		if err != nil {
			return Models{}, inputErr(err)
		}
		ms.Configs = append(ms.Configs, cfg.Models...)
		sources = append(sources, file)
	}
	if list != "" {
		parsed, err := providers.ParseModels(list)
		if err != nil {
			return Models{}, inputErr(err)
		}
		ms.Configs = append(ms.Configs, parsed...)
		sources = append(sources, "--models")
	}
	if len(ms.Configs) == 0 {
		return Models{Configs: providers.SimModels(), Source: "no models configured: the simulated models", Simulated: true}, nil
	}
	ms.Source = strings.Join(sources, " and ")
	return ms, nil
}

// CheckModels refuses two models of one name and models whose API key
// variable getenv does not find, naming each variable.
func CheckModels(ms Models, getenv func(string) string) error {
	seen := map[string]string{}
	for _, m := range ms.Configs {
		if prev, dup := seen[m.Name]; dup {
			return inputf("model name %q is used twice (%s and %s); give one a different name", m.Name, prev, m.Source)
		}
		seen[m.Name] = m.Source
	}
	if _, missing := providers.Configured(ms.Configs, getenv); len(missing) > 0 {
		var msgs []string
		for _, m := range missing {
			msgs = append(msgs, fmt.Sprintf("%s needs $%s", m.Name, strings.Join(m.KeyEnvs(), " or $")))
		}
		return inputf("missing API keys: %s", strings.Join(msgs, "; "))
	}
	return nil
}

// ResolveJudge finds a run's judge: flag is provider:model, or the name of
// the models file's judge: entry or of one of its models; without flag,
// the models file's judge: entry. file is the models file (default
// ./models.yaml when it exists). nil means no judge.
func ResolveJudge(flag, file string) (*providers.ModelConfig, error) {
	if strings.Contains(flag, ":") {
		ms, err := providers.ParseModels(flag)
		if err != nil {
			return nil, inputf("--judge: %w", err)
		}
		if len(ms) != 1 {
			return nil, inputf("--judge takes one model, not %q", flag)
		}
		return &ms[0], nil
	}
	if file == "" {
		if _, err := os.Stat(DefaultModelsFile); err != nil {
			if flag != "" {
				return nil, inputf("--judge %s: give provider:model, or define it in a models file (--config)", flag)
			}
			return nil, nil
		}
		file = DefaultModelsFile
	}
	cfg, err := providers.LoadConfig(file)
	if err != nil {
		return nil, inputErr(err)
	}
	switch {
	case flag == "":
		return cfg.Judge, nil
	case cfg.Judge != nil && cfg.Judge.Name == flag:
		return cfg.Judge, nil
	}
	for _, m := range cfg.Models {
		if m.Name == flag {
			return &m, nil
		}
	}
	return nil, inputf("--judge %s: no judge or model of that name in %s (or give provider:model)", flag, file)
}
