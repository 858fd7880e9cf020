package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench/lifecycle"
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
			ms, err := lifecycle.ResolveModels(config, models)
			if err != nil {
				return err
			}
			return providers.WriteTable(cmd.OutOrStdout(), ms.Configs, ms.Source, os.Getenv)
		},
	}
	cmd.Flags().StringVar(&config, "config", "", "models file (default ./models.yaml when it exists)")
	cmd.Flags().StringVar(&models, "models", "", "models as provider:model,... (openai, gemini, anthropic, sim, replay)")
	return cmd
}
