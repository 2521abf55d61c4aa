#pragma once

#include "api/apierror.h"
#include "api/generateresponse.h"
#include "api/part.h"
#include "api/usagemetadata.h"
#include "streamdecoder.h"

#include <QObject>

class ApiCall;

// One generateContent or streamGenerateContent request, from send to finished() or failed().
// Streamed text arrives as deltas per candidate; the aggregated answer is in response() at any
// time, so a stop, an error or a truncated stream keeps what arrived. Exactly one of finished() and
// failed() is emitted; then the call deletes itself later unless setAutoDelete(false).
class GenerateCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GenerateCall)

public:
    enum class State {
        Running,
        Finished,
        Failed,
    };

    GenerateCall(ApiCall *call, bool streaming, QObject *parent = nullptr);
    ~GenerateCall() override;

    void cancel();
    bool isStreaming() const { return m_streaming; }
    State state() const { return m_state; }
    const GenerateContentResponse &response() const { return m_decoder.aggregate(); }
    const ApiError &error() const { return m_error; }
    int attempts() const;
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }
    // Set right after the call is made: keep the text out of response() (the deltas still carry it),
    // so that memory stays flat for consumers that print and forget (ResponseAccumulator).
    void setRetainText(bool retain) { m_decoder.setRetainText(retain); }

    // Fails the call at once (asynchronously) without a request: a missing key, an invalid setting.
    static GenerateCall *failing(const ApiError &error, QObject *parent);

Q_SIGNALS:
    void textDelta(int candidateIndex, const QString &text);
    void thoughtDelta(int candidateIndex, const QString &text);
    void partReceived(int candidateIndex, const Part &part);
    void usageChanged(const UsageMetadata &usage);
    void retrying(int nextAttempt, qint64 delayMs, const ApiError &error);
    void finished(const GenerateContentResponse &response);
    void failed(const ApiError &error);

private:
    explicit GenerateCall(QObject *parent);
    void handle(const QList<StreamEvent> &events);
    void succeed();
    void fail(ApiError error);

    ApiCall *m_call = nullptr;
    StreamDecoder m_decoder;
    ApiError m_error;
    bool m_streaming = true;
    bool m_autoDelete = true;
    State m_state = State::Running;
};
