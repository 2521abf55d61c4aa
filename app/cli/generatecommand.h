#pragma once

#include "api/generaterequest.h"
#include "api/generateresponse.h"
#include "command.h"

#include <QMap>
#include <QPointer>

class GenerateCall;

// alhena-cli generate: builds a GenerateContentRequest from the options, streams the answer to
// stdout (or waits for it with --no-stream, or prints the response JSON with --json) and maps how
// it ended to an exit code. Several candidates: the first is printed as it streams under
// "--- candidate 1 ---"; the others are buffered and printed, each under its header, when the call
// ends (also when it fails, so nothing that arrived is lost).
class GenerateCommand final : public Command
{
    Q_OBJECT

public:
    GenerateCommand(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    std::optional<int> prepare() override;
    void start(GeminiClient *client) override;
    void interrupt() override;

private:
    void send(GeminiClient *client);
    std::optional<int> readGenerationConfig();
    void onTextDelta(int candidateIndex, const QString &text);
    void onThoughtDelta(int candidateIndex, const QString &text);
    void onFinished(const GenerateContentResponse &response);
    void onFailed(const ApiError &error);
    // Prints what is still buffered and ends stdout with a newline.
    void flushText(const GenerateContentResponse &response);
    void reportUsage(const GenerateContentResponse &response);

    QString m_model;
    GenerateContentRequest m_request;
    bool m_stream = true;
    bool m_thoughts = false;
    bool m_usage = false;
    bool m_headers = false; // --candidates > 1
    QPointer<GenerateCall> m_call;
    bool m_firstHeaderShown = false;
    QMap<int, QString> m_laterCandidates; // text of candidates after the first, printed at the end
    int m_hiddenParts = 0;                // non-text parts (images, function calls) the text output leaves out
};
