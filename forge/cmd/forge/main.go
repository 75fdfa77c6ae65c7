// Command forge is Forge's command-line tool: it reads an app's schema
// package, generates its code and migrations, and applies them.
//
//	forge new --module PATH [--replace DIR] DIR
//	forge generate [-C DIR] [--schema DIR] [--importpath PATH] [--check | --ir]
//	forge scaffold [-C DIR]
//	forge migrate diff [-C DIR] [--allow-destructive] NAME
//	forge migrate up|status [-C DIR]
//	forge migrate down [-C DIR] [N]
//	forge token --user ID [--tenant ID] [--ttl D] [--config FILE]
//	forge version
//	forge help [COMMAND]
//
// Exit codes: 0 success, 1 a problem in the user's input (reported on
// stderr, for schema files as file:line:col: message), 2 a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/forge-framework/forge/runtime/buildinfo"
)

// Exit codes.
const (
	exitOK    = 0
	exitUser  = 1
	exitUsage = 2
)

// command is one subcommand of forge.
type command struct {
	name    string
	summary string
	usage   string // the arguments after the name
	// setup registers the command's flags on a fresh flag set and returns
	// the function that runs the command once they are parsed. A fresh set
	// per run keeps runs independent (the tests call run many times).
	setup func(fs *flag.FlagSet) func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes forge with args (without the program name) and returns the
// exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(rest, stdout, stderr)
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "forge: unknown command %q\nRun 'forge help' for usage.\n", name)
		return exitUsage
	}
	fs := flag.NewFlagSet("forge "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	runCommand := c.setup(fs)
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	return runCommand(fs.Args(), stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, "Forge generates a Go web app's data layer, actions and handlers from its schema.\n\nUsage:\n\n\tforge <command> [arguments]\n\nCommands:\n\n")
	for _, name := range slices.Sorted(maps.Keys(commands)) {
		fmt.Fprintf(w, "\t%-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprint(w, "\nRun 'forge help <command>' for more about a command.\n")
}

func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return exitOK
	}
	c, ok := commands[args[0]]
	if len(args) > 1 || !ok {
		fmt.Fprintf(stderr, "forge help: unknown command %q\n", strings.Join(args, " "))
		return exitUsage
	}
	fmt.Fprintf(stdout, "usage: forge %s %s\n\n%s.\n", c.name, c.usage, c.summary)
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.setup(fs)
	if hasFlags(fs) {
		fmt.Fprint(stdout, "\nFlags:\n")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
	}
	return exitOK
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func init() {
	register(&command{
		name:    "version",
		summary: "print forge's version, commit and build date",
		setup: func(*flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			return func(args []string, stdout, stderr io.Writer) int {
				if len(args) > 0 {
					fmt.Fprintf(stderr, "forge version: unexpected arguments %s\n", strings.Join(args, " "))
					return exitUsage
				}
				fmt.Fprintf(stdout, "forge %s\ncommit %s\ndate   %s\ngo     %s %s/%s\n",
					buildinfo.Version, buildinfo.Commit, buildinfo.Date, runtime.Version(), runtime.GOOS, runtime.GOARCH)
				return exitOK
			}
		},
	})
}
