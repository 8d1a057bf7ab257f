// Command socialcrm is the social CRM listening service: collectors,
// pipeline, graph, alerter and web UI in one binary. Run "socialcrm help".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "socialcrm:", err)
		os.Exit(1)
	}
}

// stdio is what a subcommand reads and writes, so tests can drive it.
type stdio struct {
	getenv func(string) string
	in     io.Reader
	out    io.Writer
	err    io.Writer
}

type command struct {
	name  string
	usage string
	run   func(ctx context.Context, args []string, io stdio) error
}

// commands is the explicit list of subcommands, in the order of --help.
func commands() []command {
	return []command{
		{"demo", "everything in one process on the embedded broker", cmdDemo},
		{"serve", "production: collectors, pipeline, graph, alerts and web from env", cmdServe},
		{"collect", "run collectors to Kafka, or print JSONL with --stdout", cmdCollect},
		{"pipeline", "pipeline workers alone, to scale scoring out beside one serve", cmdPipeline},
		{"alerts", "the alerter, case opener or graph alone (--roles), to split serve over processes", cmdAlerts},
		{"web", "the dashboard, API and live stream alone, over the store the others write", cmdWeb},
		{"migrate", "apply SQL migrations to DATABASE_URL", cmdMigrate},
		{"probe", "probe URL: exit 0 when it answers 2xx (container health checks)", cmdProbe},
		{"score", "score texts from stdin, JSONL out", cmdScore},
		{"spikes", "replay a timestamp,value CSV through the spike detector", cmdSpikes},
		{"graph", "graph analyze --edges FILE: ties, communities, influencers", cmdGraph},
		{"import", "import contacts FILE.csv: HubSpot/Salesforce-style contacts", cmdImport},
		{"export", "export contacts|accounts [--out FILE]: CSV that import reads", cmdExport},
		{"segments", "segments export ID [--out FILE]: a segment's members as CSV", cmdSegments},
		{"gdpr", "gdpr export|erase --contact ID: a contact's data, or its erasure", cmdGDPR},
		{"users", "users add|list|disable|enable|set-role|reset-password: who may sign in", cmdUsers},
		{"tokens", "tokens create|list|revoke: API tokens", cmdTokens},
		{"audit", "audit export --since T: the audit trail as JSONL", cmdAudit},
		{"train", "train sentiment --data DIR --out FILE", cmdTrain},
		{"bench", "bench pipeline --mentions N: throughput figures", cmdBench},
		{"dlq", "dlq list|replay: dead letters, and re-sending them after a fix", cmdDLQ},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, in io.Reader, out, errw io.Writer) error {
	io := stdio{getenv: getenv, in: in, out: out, err: errw}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(errw)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return flag.ErrHelp
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], io)
		}
	}
	usage(errw)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "socialcrm — social CRM listening and sentiment service")
	fmt.Fprintln(w, "\nUsage: socialcrm COMMAND [flags]   (socialcrm COMMAND --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.usage)
	}
}
