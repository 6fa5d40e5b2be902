/**
 * commander in Italian: the help's titles and usage words, option details (allowed values, defaults) and every usage
 * error commander raises. commander has no message catalogue, so its English strings are recognised by their error
 * code and the values they carry are put into Italian sentences; an error commander adds in a later version falls
 * back to its own text behind "errore:".
 */
import { Command, type HelpConfiguration, type Option } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': 'Uso:',
  'Options:': 'Opzioni:',
  'Commands:': 'Comandi:',
  'Arguments:': 'Argomenti:',
  'Global Options:': 'Opzioni generali:',
};

const USAGE_WORDS: Record<string, string> = { '[options]': '[opzioni]', '[command]': '[comando]' };

const words = (text: string) =>
  text
    .split(' ')
    .map((word) => USAGE_WORDS[word] ?? word)
    .join(' ');

/** Allowed values and default of an option, in the same line as its description. */
function optionDetails(option: Option): string {
  const details: string[] = [];
  if (option.argChoices) details.push(`valori ammessi: ${option.argChoices.join(', ')}`);
  if (option.defaultValue !== undefined && !option.isBoolean()) {
    details.push(`predefinito: ${option.defaultValueDescription ?? String(option.defaultValue)}`);
  }
  if (option.envVar !== undefined) details.push(`variabile d’ambiente: ${option.envVar}`);
  if (details.length === 0) return option.description;
  return `${option.description} (${details.join('; ')})`.trim();
}

export const ITALIAN_HELP: HelpConfiguration = {
  styleTitle: (title) => TITLES[title] ?? title,
  styleUsage: words,
  styleSubcommandTerm: words,
  optionDescription: optionDetails,
};

type Translate = (match: RegExpExecArray) => string;

/** commander's error code → its English message's shape → the Italian sentence. */
const ERRORS: Record<string, [RegExp, Translate]> = {
  'commander.unknownCommand': [/unknown command '(.*?)'/, (m) => `comando sconosciuto '${m[1]}'.`],
  'commander.unknownOption': [/unknown option '(.*?)'/, (m) => `opzione sconosciuta '${m[1]}'.`],
  'commander.missingArgument': [
    /missing required argument '(.*?)'/,
    (m) => `manca l’argomento obbligatorio '${m[1]}'.`,
  ],
  'commander.optionMissingArgument': [
    /option '(.*?)' argument missing/,
    (m) => `all’opzione '${m[1]}' manca il valore.`,
  ],
  'commander.missingMandatoryOptionValue': [
    /required option '(.*?)' not specified/,
    (m) => `manca l’opzione obbligatoria '${m[1]}'.`,
  ],
  'commander.conflictingOption': [
    /error: (.*) cannot be used with (.*)$/,
    (m) => `${italianOptionName(m[1])} non può essere usata insieme a ${italianOptionName(m[2])}.`,
  ],
  'commander.excessArguments': [
    /too many arguments(?: for '(.*?)')?\. Expected (\d+) arguments? but got (\d+)\./,
    (m) => `troppi argomenti${m[1] ? ` per '${m[1]}'` : ''}: ${m[2]} attesi, ${m[3]} ricevuti.`,
  ],
  'commander.invalidArgument': [
    /option '(.*?)' argument '(.*?)' is invalid\.(?: Allowed choices are (.*)\.)?/,
    (m) => `valore '${m[2]}' non ammesso per l’opzione '${m[1]}'.${m[3] ? ` Valori ammessi: ${m[3]}.` : ''}`,
  ],
};

function italianOptionName(english = ''): string {
  return english.replace(/^option /, 'l’opzione ').replace(/^environment variable /, 'la variabile d’ambiente ');
}

/** commander's "(Did you mean …?)" hint, kept after the translated sentence. */
function suggestion(message: string): string {
  const hint = /\(Did you mean (.*?)\?\)/.exec(message);
  return hint ? `\n(Forse si intendeva ${hint[1]}?)` : '';
}

export function italianError(message: string, code: string | undefined): string {
  const known = code ? ERRORS[code] : undefined;
  const match = known?.[0].exec(message);
  if (known && match) return `errore: ${known[1](match)}${suggestion(message)}`;
  return message.replace(/^error:/, 'errore:');
}

/** A commander `Command` whose usage errors, and those of every subcommand it creates, are in Italian. */
export class ItalianCommand extends Command {
  override createCommand(name?: string): Command {
    return new ItalianCommand(name);
  }

  override error(message: string, options?: { code?: string; exitCode?: number }): never {
    return super.error(italianError(message, options?.code), options);
  }
}
