#include "commandline.h"

#include "chat/attachmentplanner.h"
#include "exitcode.h"
#include "files/mediatypes.h"
#include "files/remotefileregistry.h"
#include "files/uploadsource.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype HelpWidth = 100;
constexpr qsizetype OptionColumn = 28;

// Words of text wrapped to HelpWidth, every line indented by `indent` except the first, which
// continues after `firstLine`.
QString wrapped(const QString &firstLine, const QString &text, qsizetype indent)
{
    QString out;
    if (firstLine.trimmed().isEmpty())
        out = QString(indent, u' ');
    else if (firstLine.size() + 2 <= indent)
        out = firstLine + QString(indent - firstLine.size(), u' ');
    else
        out = firstLine + u'\n' + QString(indent, u' ');
    qsizetype column = indent;
    bool lineStart = true;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (!lineStart && column + 1 + word.size() > HelpWidth) {
            out += u'\n' + QString(indent, u' ');
            column = indent;
            lineStart = true;
        }
        if (!lineStart) {
            out += u' ';
            ++column;
        }
        out += QString(word).replace(QChar::Nbsp, u' '); // a no-break space keeps "--- candidate 1 ---" whole
        column += word.size();
        lineStart = false;
    }
    return out + u'\n';
}

QString paragraph(const QString &text, qsizetype indent = 2)
{
    return wrapped(QString(indent, u' '), text, indent);
}

QString optionLines(const QList<CommandLine::Option> &options)
{
    QString out;
    for (const CommandLine::Option &o : options) {
        QString head = u"  "_s;
        if (o.name == "help"_L1)
            head += u"-h, "_s;
        head += u"--"_s + o.name;
        if (!o.valueName.isEmpty())
            head += u' ' + o.valueName;
        out += wrapped(head, o.description, OptionColumn);
    }
    return out;
}

QString commandUsage(const CommandLine::Command &c)
{
    QString usage = u"alhena-cli "_s + c.name;
    if (!c.options.isEmpty())
        usage += u" [OPTIONS]"_s;
    if (!c.arguments.isEmpty())
        usage += u' ' + c.arguments;
    return usage;
}

} // namespace

QList<CommandLine::Option> CommandLine::globalOptions()
{
    return {
        {u"api-base"_s, u"URL"_s,
            tr("The API endpoint. Wins over GOOGLE_GEMINI_BASE_URL; the default is "
               "https://generativelanguage.googleapis.com. Plain http:// is allowed only to this machine.")},
        {u"api-version"_s, u"VERSION"_s, tr("The API version in the request path (default v1beta).")},
        {u"timeout"_s, u"SECONDS"_s,
            tr("Give up when the server sends nothing for SECONDS (default 120 for a stream, 600 otherwise).")},
        {u"retries"_s, u"N"_s,
            tr("Try a failed request up to N more times when the model is overloaded, a rate limit is hit, or the "
               "server or the network fails (default 3; 0 never retries). The wait is shown on stderr. A stream "
               "that has printed text is never retried.")},
        {u"quiet"_s, {},
            tr("No progress notes on stderr (retries, parts not shown). Errors and why an answer stopped are still "
               "reported.")},
        {u"version"_s, {}, tr("Print the version and exit.")},
        {u"help"_s, {}, tr("Show the help and exit; after a command, the help of that command.")},
    };
}

QList<CommandLine::Command> CommandLine::commands()
{
    const Option model {u"model"_s, u"MODEL"_s,
        tr("The model (default: the ALHENA_MODEL environment variable, else gemini-2.5-flash).")};
    const Option system {u"system"_s, u"TEXT"_s, tr("A system instruction.")};
    const Option attach {u"attach"_s, u"FILE"_s,
        tr("Send FILE with the prompt; repeat for more files. The type is read from the content. Accepted: %1. "
           "Small files travel inline; when the request would pass %2 MB (see --inline-limit), the largest go through "
           "the Gemini Files "
           "API instead: uploaded with progress on stderr (or reused when the same content is already uploaded) "
           "and awaited until the server has processed them. A missing, unreadable or empty file, or one over "
           "%3\u00a0GB, is refused before anything is sent.")
            .arg(MediaTypes::acceptedSummary().split(u'\n', Qt::SkipEmptyParts).join(u"; "_s))
            .arg(20)
            .arg(UploadSource::MaxBytes / 1000 / 1000 / 1000),
        true};
    const Option inlineLimit {u"inline-limit"_s, u"MB"_s,
        tr("Attachments travel inline while the whole request stays under MB megabytes (default %1, at most %2); "
           "beyond it they go through the Files API. 0 sends every attachment through the Files API.")
            .arg(AttachmentPlanner::DefaultInlineLimitBytes / 1000 / 1000)
            .arg(AttachmentPlanner::MaxInlineLimitBytes / 1000 / 1000)};

    Command generate {u"generate"_s, u"[PROMPT]"_s, tr("Answer a prompt; the text is printed as it arrives."),
        tr("Sends PROMPT (and the attached files, which go before the prompt text) to the model and streams the "
           "answer to stdout, flushed as each piece arrives. With PROMPT \"-\", or without PROMPT when stdin is not a "
           "terminal, the prompt is read from stdin: echo hi | alhena-cli generate. If the request fails, the text "
           "printed so far stays on stdout and the reason goes to stderr. An answer cut by the output token limit "
           "ends with the note \"(stopped: output token limit reached)\" on stderr and exit code 0; one stopped "
           "for safety, recitation or another reason gets a note and exit code 3."),
        {model, system, {u"temperature"_s, u"T"_s, tr("Sampling temperature, 0 to 2.")},
            {u"top-p"_s, u"P"_s, tr("Nucleus sampling: keep the most likely tokens up to probability P (0 to 1).")},
            {u"top-k"_s, u"K"_s, tr("Sample among the K most likely tokens (K at least 1).")},
            {u"max-output-tokens"_s, u"N"_s,
                tr("Stop the answer after N tokens (thinking counts against it on thinking models).")},
            {u"stop"_s, u"TEXT"_s,
                tr("Stop the answer where TEXT would be produced (TEXT is not printed); repeat for more, at most "
                   "%1.")
                    .arg(5),
                true},
            {u"seed"_s, u"N"_s, tr("Seed for sampling, for more repeatable answers.")},
            {u"candidates"_s, u"N"_s,
                tr("Ask for N answers (1 to 8). Each is printed under a line %1: the first as it streams, the "
                   "others when the stream has ended.")
                    .arg(u"\"---\u00a0candidate\u00a0K\u00a0---\""_s)},
            {u"json-schema"_s, u"FILE"_s,
                tr("Answer in JSON that follows the schema in FILE (a JSON object, OpenAPI subset): sets "
                   "responseMimeType application/json and responseSchema.")},
            attach, inlineLimit,
            {u"thoughts"_s, {},
                tr("Ask for thought summaries (thinkingConfig.includeThoughts) and print those of the first candidate "
                   "to stderr as they arrive, dimmed on a terminal (not when NO_COLOR is set). --json includes all.")},
            {u"usage"_s, {}, tr("Print the prompt, answer, thought and total token counts to stderr at the end.")},
            {u"no-stream"_s, {}, tr("Wait for the whole answer (generateContent) instead of streaming it.")},
            {u"json"_s, {},
                tr("Print the whole response as indented JSON at the end instead of the text. On an error print "
                   "{\"error\": {\"kind\", \"httpStatus\", \"status\", \"message\", \"userMessage\"}} (plus "
                   "\"response\" with what arrived, if anything) and exit non-zero.")}}};

    Command models {u"models"_s, {}, tr("List the models that can generate content."),
        tr("Lists the models of every page as a table: id, display name, input and output token limits, and "
           "whether the model thinks. Only models that support generateContent are shown unless --all is given."),
        {{u"all"_s, {}, tr("List every model, also those that cannot generate content (embedding models, ...).")},
            {u"json"_s, {}, tr("Print {\"models\": [...]} as JSON instead of the table.")}}};

    Command countTokens {u"count-tokens"_s, u"[PROMPT]"_s, tr("Count the tokens of a prompt and its attachments."),
        tr("Prints the total number of tokens on the first line, then the tokens per modality (TEXT, IMAGE, "
           "AUDIO, ...). The prompt is read from stdin as for generate. The system instruction is counted too."),
        {model, system, attach, inlineLimit, {u"json"_s, {}, tr("Print the countTokens reply as JSON.")}}};

    Command embed {u"embed"_s, u"TEXT..."_s, tr("Compute an embedding vector for each text."),
        tr("One TEXT is sent with embedContent, several with batchEmbedContents; \"-\" reads one text from stdin. "
           "Each vector is printed on one line as numbers separated by spaces, in the order of the texts."),
        {{u"model"_s, u"MODEL"_s, tr("The embedding model (default gemini-embedding-001).")},
            {u"task-type"_s, u"TYPE"_s,
                tr("What the vectors are for: RETRIEVAL_QUERY, RETRIEVAL_DOCUMENT, SEMANTIC_SIMILARITY, "
                   "CLASSIFICATION, CLUSTERING, QUESTION_ANSWERING, FACT_VERIFICATION or CODE_RETRIEVAL_QUERY "
                   "(case and - for _ do not matter).")},
            {u"dimensions"_s, u"N"_s, tr("Shorten each vector to N values (outputDimensionality).")},
            {u"json"_s, {}, tr("Print {\"embeddings\": [{\"values\": [...]}, ...]} as JSON.")}}};

    Command filesUpload {u"files upload"_s, u"FILE..."_s, tr("Upload files to the Gemini Files API."),
        tr("Uploads each FILE with the resumable protocol: a chunk that fails is sent again from where the server "
           "says it stopped, so a flaky network costs a little time, not the upload. A file whose content is already "
           "uploaded (same SHA-256 and size, more than an hour left) is reused instead of sent again. Each file is "
           "checked first: a missing, unreadable, empty or too large file (over %1\u00a0GB), or a type Gemini does not "
           "accept, stops the command before anything is sent. Progress goes to stderr: a bar redrawn in place on a "
           "terminal, plain lines every 10 % otherwise. For each file, in order, one line \"NAME URI\" is printed on "
           "stdout; use the URI in a request, the NAME with the other files commands. Files are kept for 48 hours; "
           "the project may hold %2\u00a0GB. Ctrl-C cancels the uploads (the server is told) and exits with 130.")
            .arg(UploadSource::MaxBytes / 1000 / 1000 / 1000)
            .arg(RemoteFileRegistry::ProjectQuotaBytes / 1000 / 1000 / 1000),
        {{u"display-name"_s, u"NAME"_s, tr("The file's display name (with one FILE only; default: its file name).")},
            {u"mime"_s, u"TYPE"_s,
                tr("Send the files as TYPE (for example audio/mpeg) instead of the type read from the content.")},
            {u"wait"_s, {},
                tr("After the upload, wait until the server has processed the file (state ACTIVE; videos take a "
                   "while) before printing its line.")}}};

    Command filesList {u"files list"_s, {}, tr("List the uploaded files."),
        tr("Lists every file of the project as a table: name, display name, MIME type, size, state and the time "
           "left before the file expires, newest first, then the total against the %1\u00a0GB project quota.")
            .arg(RemoteFileRegistry::ProjectQuotaBytes / 1000 / 1000 / 1000),
        {{u"json"_s, {},
            tr("Print {\"files\": [File, ...], \"fileCount\": N, \"totalBytes\": N, \"quotaBytes\": N} instead, "
               "each File as the API writes it (sizeBytes is a string).")}}};

    Command filesGet {u"files get"_s, u"NAME"_s, tr("Show one uploaded file."),
        tr("Shows every known field of the file NAME (files/abc123, abc123 or its URI): display name, URI, type, "
           "size, state, times, SHA-256. An unknown or expired file is an error (exit code 1)."),
        {{u"json"_s, {}, tr("Print the File as JSON, as the API's files.get returns it.")}}};

    Command filesDelete {u"files delete"_s, u"NAME..."_s, tr("Delete uploaded files."),
        tr("Deletes each file NAME and prints \"deleted NAME\" for it. A file that cannot be deleted (unknown, "
           "expired, refused) is reported on stderr and the exit code is 1; the others are still deleted."),
        {}};

    Command filesWait {u"files wait"_s, u"NAME"_s, tr("Wait until an uploaded file can be used."),
        tr("Waits until the file NAME has been processed (state ACTIVE), asking the server with growing pauses (1 s "
           "up to 10 s), then prints \"NAME URI\". The global --timeout SECONDS sets how long to wait at most (no "
           "limit by default). A file that fails processing, is unknown, or is still processing when the time is up "
           "gives exit code 1."),
        {}};

    return {generate, models, countTokens, embed, filesUpload, filesList, filesGet, filesDelete, filesWait};
}

std::optional<CommandLine::Command> CommandLine::findCommand(const QString &name)
{
    const QList<Command> all = commands();
    for (const Command &c : all) {
        if (c.name == name)
            return c;
    }
    return std::nullopt;
}

std::optional<CommandLine::Option> CommandLine::findOption(const QString &name) const
{
    const QList<Option> global = globalOptions();
    for (const Option &o : global) {
        if (o.name == name)
            return o;
    }
    if (const auto command = findCommand(m_command)) {
        for (const Option &o : command->options) {
            if (o.name == name)
                return o;
        }
    }
    return std::nullopt;
}

bool CommandLine::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool CommandLine::parse(const QStringList &arguments)
{
    *this = CommandLine();
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const bool isOption = !optionsEnded && argument.startsWith(u'-') && argument != "-"_L1;
        if (!optionsEnded && argument == "--"_L1) {
            optionsEnded = true;
            continue;
        }
        if (!isOption) {
            if (m_command.isEmpty()) {
                m_command = argument;
                if (m_command == "help"_L1) {
                    m_help = true;
                } else if (!findCommand(m_command) && !isGroup(m_command)) {
                    return fail(tr("Unknown command “%1”.").arg(m_command));
                }
            } else if (isGroup(m_command)) {
                // "files upload": the group's word and the command's word name the command together.
                const QString name = m_command + u' ' + argument;
                if (!findCommand(name)) {
                    return fail(tr("Unknown command “%1”: the %2 commands are %3.")
                                    .arg(name, m_command, groupCommandWords(m_command)));
                }
                m_command = name;
            } else {
                m_positionals.append(argument);
            }
            continue;
        }

        if (argument == "-h"_L1) {
            m_help = true;
            continue;
        }
        if (!argument.startsWith("--"_L1))
            return fail(tr("Unknown option “%1”.").arg(argument.left(2)));
        QString name = argument.mid(2);
        std::optional<QString> inlineValue;
        if (const qsizetype eq = name.indexOf(u'='); eq >= 0) {
            inlineValue = name.mid(eq + 1);
            name.truncate(eq);
        }
        const QString shown = u"--"_s + name; // never the value: it may be a secret typed by mistake
        if (name == "api-key"_L1 || name == "key"_L1 || name == "apikey"_L1 || name == "gemini-api-key"_L1) {
            return fail(tr("There is no %1 option: a key on the command line ends up in the shell history and in "
                           "`ps`. Set GEMINI_API_KEY (or GOOGLE_API_KEY) in the environment instead.")
                            .arg(shown));
        }
        const std::optional<Option> option = findOption(name);
        if (!option) {
            if (m_command.isEmpty()) {
                const QList<Command> all = commands();
                for (const Command &c : all) {
                    for (const Option &o : c.options) {
                        if (o.name == name)
                            return fail(
                                tr("The option %1 belongs after the command (alhena-cli COMMAND %1 ...).").arg(shown));
                    }
                }
            }
            return fail(m_command.isEmpty() || m_command == "help"_L1
                    ? tr("Unknown option %1.").arg(shown)
                    : tr("Unknown option %1 for %2.").arg(shown, m_command));
        }
        QString value;
        if (option->valueName.isEmpty()) {
            if (inlineValue)
                return fail(tr("The option %1 takes no value.").arg(shown));
        } else if (inlineValue) {
            value = *inlineValue;
        } else if (i + 1 < arguments.size()) {
            value = arguments.at(++i);
        } else {
            return fail(tr("The option %1 needs a value: %1 %2.").arg(shown, option->valueName));
        }
        if (name == "help"_L1)
            m_help = true;
        else if (name == "version"_L1)
            m_version = true;
        if (m_values.contains(name) && !option->repeatable && !option->valueName.isEmpty())
            return fail(tr("The option %1 is given more than once.").arg(shown));
        m_values[name].append(value);
    }
    if (m_command == "help"_L1 && !m_positionals.isEmpty()) {
        const QString topic = m_positionals.join(u' ');
        if (!findCommand(topic) && !isGroup(topic))
            return fail(tr("No help for “%1”: the commands are %2.").arg(topic, commandWords()));
    }
    if (isGroup(m_command) && !m_help)
        return fail(tr("%1 needs a command: %2.").arg(m_command, groupCommandWords(m_command)));
    return true;
}

bool CommandLine::isGroup(const QString &name)
{
    if (name.isEmpty() || name.contains(u' '))
        return false;
    const QList<Command> all = commands();
    for (const Command &c : all) {
        if (c.name.startsWith(name + u' '))
            return true;
    }
    return false;
}

QString CommandLine::groupCommandWords(const QString &group)
{
    QStringList words;
    const QList<Command> all = commands();
    for (const Command &c : all) {
        if (c.name.startsWith(group + u' '))
            words.append(c.name.mid(group.size() + 1));
    }
    if (words.size() < 2)
        return words.join(QString());
    return tr("%1 or %2").arg(words.mid(0, words.size() - 1).join(u", "_s), words.last());
}

QString CommandLine::commandWords(bool alternatives)
{
    QStringList words;
    const QList<Command> all = commands();
    for (const Command &c : all) {
        const QString word = c.name.section(u' ', 0, 0);
        if (!words.contains(word))
            words.append(word);
    }
    const QString head = words.mid(0, words.size() - 1).join(u", "_s);
    return alternatives ? tr("%1 or %2").arg(head, words.last()) : tr("%1 and %2").arg(head, words.last());
}

QString CommandLine::helpTopic() const
{
    if (m_command == "help"_L1)
        return m_positionals.join(u' ');
    return m_command;
}

QString CommandLine::value(const QString &name) const
{
    const QStringList list = m_values.value(name);
    return list.isEmpty() ? QString() : list.last();
}

std::optional<int> CommandLine::intValue(const QString &name, QString *error) const
{
    if (!isSet(name))
        return std::nullopt;
    bool ok = false;
    const int number = QLocale::c().toInt(value(name).trimmed(), &ok);
    if (!ok) {
        *error = tr("--%1 needs a whole number, not “%2”.").arg(name, value(name));
        return std::nullopt;
    }
    return number;
}

std::optional<double> CommandLine::doubleValue(const QString &name, QString *error) const
{
    if (!isSet(name))
        return std::nullopt;
    bool ok = false;
    const double number = QLocale::c().toDouble(value(name).trimmed(), &ok);
    if (!ok || !qIsFinite(number)) {
        *error = tr("--%1 needs a number such as 0.7, not “%2”.").arg(name, value(name));
        return std::nullopt;
    }
    return number;
}

QString CommandLine::helpHint(const QString &command)
{
    if (isGroup(command))
        return tr("Run “alhena-cli help %1” for its commands.").arg(command);
    if (command.isEmpty() || !findCommand(command))
        return tr("Run “alhena-cli --help” for the commands and options.");
    return tr("Run “alhena-cli help %1” for its options.").arg(command);
}

QString CommandLine::helpText(const QString &command)
{
    const QList<Command> all = commands();
    QString out;
    auto section = [&out](const QString &title) { out += u'\n' + title + u":\n"_s; };

    auto keyAndExitCodes = [&] {
        section(tr("API key"));
        out += paragraph(tr("Read from GEMINI_API_KEY, else GOOGLE_API_KEY, else the key the Alhena desktop app "
                            "saved (in the system keychain, or in the file you chose there). There is no option "
                            "for it on purpose: a key on the command line ends up in the shell history and is visible "
                            "to other users in `ps`. Get a key at https://aistudio.google.com/apikey. The key is sent "
                            "in the x-goog-api-key header only; it is never printed, logged or put in a URL."));
        section(tr("Environment"));
        out += wrapped(u"  GEMINI_API_KEY"_s, tr("The API key."), OptionColumn);
        out += wrapped(u"  GOOGLE_API_KEY"_s, tr("The API key, when GEMINI_API_KEY is not set."), OptionColumn);
        out += wrapped(
            u"  GOOGLE_GEMINI_BASE_URL"_s, tr("The API endpoint, when --api-base is not given."), OptionColumn);
        out += wrapped(u"  ALHENA_MODEL"_s, tr("The default model of generate and count-tokens."), OptionColumn);
        out += wrapped(u"  NO_COLOR"_s, tr("When set, thoughts are not dimmed."), OptionColumn);
        section(tr("Exit codes"));
        const QList<std::pair<int, QString>> codes {
            {ExitCode::Ok, tr("Success; also an answer cut by the output token limit (MAX_TOKENS).")},
            {ExitCode::Failed,
                tr("The request failed: network, timeout, server error, overload, quota, unknown model, a request "
                   "the server rejected, an unknown file, or a file the server could not process.")},
            {ExitCode::Usage,
                tr("Usage or configuration error (unknown option, bad value, unusable endpoint, unreadable or "
                   "refused attachment or file to upload, invalid generation settings), or the API key is missing or "
                   "was not "
                   "accepted. Nothing was sent, except for a rejected key.")},
            {ExitCode::Refused,
                tr("The prompt was blocked, or the answer stopped for safety, recitation or another reason.")},
            {ExitCode::Truncated,
                tr("The stream ended before the model finished (no finish reason, or the connection broke or "
                   "stalled midway); the partial text was printed.")},
            {ExitCode::Interrupted, tr("Interrupted with Ctrl-C; the text so far was kept.")},
        };
        for (const auto &[code, text] : codes)
            out += wrapped(u"  "_s + QString::number(code), text, 8);
    };

    if (const auto c = findCommand(command)) {
        out += tr("Usage: %1").arg(commandUsage(*c)) + u'\n';
        out += u'\n' + paragraph(c->description, 0);
        if (!c->options.isEmpty()) {
            section(tr("Options"));
            out += optionLines(c->options);
        }
        section(tr("Global options"));
        out += optionLines(globalOptions());
        keyAndExitCodes();
        return out;
    }
    if (isGroup(command)) {
        out += tr("Usage: alhena-cli %1 COMMAND [OPTIONS] [ARGUMENTS]").arg(command) + u'\n';
        for (const Command &c : all) {
            if (!c.name.startsWith(command + u' '))
                continue;
            section(commandUsage(c));
            out += paragraph(c.description);
            if (!c.options.isEmpty())
                out += u'\n' + optionLines(c.options);
        }
        section(tr("Global options"));
        out += optionLines(globalOptions());
        keyAndExitCodes();
        return out;
    }

    out += tr("alhena-cli %1: Google's Gemini API from the terminal.").arg(QCoreApplication::applicationVersion())
        + u'\n';
    section(tr("Usage"));
    out += u"  alhena-cli [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGUMENTS]\n"_s;
    out += u"  alhena-cli help [COMMAND]\n"_s;
    out += u"  alhena-cli COMMAND --help\n"_s;
    section(tr("Commands"));
    for (const Command &c : all) {
        QString head = u"  "_s + c.name;
        if (!c.arguments.isEmpty())
            head += u' ' + c.arguments;
        out += wrapped(head, c.summary, OptionColumn);
    }
    out += wrapped(u"  help [COMMAND]"_s, tr("Show this help, or the help of one command."), OptionColumn);
    section(tr("Global options (before or after the command)"));
    out += optionLines(globalOptions());
    for (const Command &c : all) {
        section(commandUsage(c));
        out += paragraph(c.description);
        if (!c.options.isEmpty())
            out += u'\n' + optionLines(c.options);
    }
    keyAndExitCodes();
    return out;
}
