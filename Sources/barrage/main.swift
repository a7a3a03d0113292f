import BarrageCLI

await BarrageCommand.runFromCommandLine()
