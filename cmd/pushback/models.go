package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/providers"
)

func newModelsCmd() *cobra.Command {
	var config, models string
	cmd := &cobra.Command{
		Use:   "models [--config F] [--models L]",
		Short: "List the configured models: provider, whether the key is set, limits and prices",
		Long: `List the models a run would use, from --models, --config or ./models.yaml (the
simulated models when there is none), each with its provider and model id,
the environment variable its API key is read from and whether that variable
is set (never its value), its concurrency cap, rate limit, retry policy and
prices in dollars per million tokens.`,
		Example: `  pushback models
  pushback models --config models.yaml
  pushback models --models openai:gpt-4.1,gemini:gemini-2.5-pro,sim:sycophant`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ms, source, err := listedModels(config, models)
			if err != nil {
				return err
			}
			return printModels(cmd.OutOrStdout(), ms, source, os.Getenv)
		},
	}
	cmd.Flags().StringVar(&config, "config", "", "models file (default ./models.yaml when it exists)")
	cmd.Flags().StringVar(&models, "models", "", "models as provider:model,... (openai, gemini, anthropic, sim, replay)")
	return cmd
}

// listedModels resolves the models as run does, without requiring their
// keys, and says where they came from.
func listedModels(config, list string) ([]providers.ModelConfig, string, error) {
	var (
		out     []providers.ModelConfig
		sources []string
	)
	if config == "" && list == "" {
		if _, err := os.Stat("models.yaml"); err == nil {
			config = "models.yaml"
		}
	}
	if config != "" {
		cfg, err := providers.LoadConfig(config)
		if err != nil {
			return nil, "", usageErr(err)
		}
		out = append(out, cfg.Models...)
		sources = append(sources, config)
	}
	if list != "" {
		ms, err := providers.ParseModels(list)
		if err != nil {
			return nil, "", usageErr(err)
		}
		out = append(out, ms...)
		sources = append(sources, "--models")
	}
	if len(out) == 0 {
		return providers.SimModels(), defaultModelsSource, nil
	}
	return out, strings.Join(sources, " and "), nil
}

// defaultModelsSource is listedModels' source for the simulated models a
// run uses when no model is configured.
const defaultModelsSource = "no models configured: the simulated models"

// printModels writes one row per model. The KEY column names the variable
// and whether it is set; the key itself is never read into the output.
func printModels(w io.Writer, ms []providers.ModelConfig, source string, getenv func(string) string) error {
	fmt.Fprintf(w, "models from %s\n\n", source)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tPROVIDER\tMODEL\tKEY\tCONCURRENCY\tRPM\tATTEMPTS\tTIMEOUT\t$IN/MTOK\t$OUT/MTOK")
	missing := 0
	for _, m := range ms {
		key := "not needed"
		if envs := m.KeyEnvs(); len(envs) > 0 {
			env, set := m.KeyStatus(getenv)
			if set {
				key = "$" + env + " set"
			} else {
				key = "$" + strings.Join(envs, " or $") + " NOT SET"
				missing++
			}
		}
		pol := m.Policy().WithDefaults()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", m.Name, m.Provider, m.Model, key,
			orDash(m.Concurrency, fmt.Sprint(m.Concurrency)), orDash(m.RPM, fmt.Sprintf("%g", m.RPM)),
			pol.MaxAttempts, pol.Timeout, orDash(m.Price.InputPerMTok, fmt.Sprintf("%.2f", m.Price.InputPerMTok)),
			orDash(m.Price.OutputPerMTok, fmt.Sprintf("%.2f", m.Price.OutputPerMTok)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if missing > 0 {
		fmt.Fprintf(w, "\n%d of %d models cannot run until their key variable is set\n", missing, len(ms))
	}
	return nil
}

// orDash returns s, or "-" when v is zero (no limit, no price).
func orDash[T int | float64](v T, s string) string {
	if v == 0 {
		return "-"
	}
	return s
}
