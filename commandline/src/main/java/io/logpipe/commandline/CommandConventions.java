package io.logpipe.commandline;

import picocli.CommandLine.Command;

/**
 * What every logpipe command's help and {@code -V} share, as a mixin: {@code -h/--help}, {@code
 * -V/--version} with the one {@link LogpipeVersion}, options in declaration order, and the headings
 * of the exit-code list and of the examples each command gives as its footer ({@code @Mixin
 * CommandConventions conventions;}).
 */
@Command(
    mixinStandardHelpOptions = true,
    versionProvider = LogpipeVersion.class,
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    footerHeading = "%nExamples:%n")
public final class CommandConventions {}
