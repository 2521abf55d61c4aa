#include "generatecall.h"

#include "apicall.h"
#include "logging.h"

#include <QTimer>

GenerateCall::GenerateCall(QObject *parent)
    : QObject(parent)
{ }

GenerateCall::GenerateCall(ApiCall *call, bool streaming, QObject *parent)
    : QObject(parent)
    , m_call(call)
    , m_decoder(streaming ? StreamDecoder::Framing::Auto : StreamDecoder::Framing::JsonObjects)
    , m_streaming(streaming)
{
    call->setParent(this);
    connect(call, &ApiCall::bytesReceived, this, [this](const QByteArray &bytes) { handle(m_decoder.feed(bytes)); });
    connect(call, &ApiCall::succeeded, this, [this](const QByteArray &body) {
        if (!m_streaming)
            handle(m_decoder.feed(body));
        if (m_state == State::Running)
            handle(m_decoder.finish());
        if (m_state == State::Running)
            succeed();
    });
    connect(call, &ApiCall::failed, this, [this](const ApiError &error) { fail(error); });
    connect(call, &ApiCall::retrying, this, &GenerateCall::retrying);
}

GenerateCall::~GenerateCall() = default;

GenerateCall *GenerateCall::failing(const ApiError &error, QObject *parent)
{
    auto *call = new GenerateCall(parent);
    QTimer::singleShot(0, call, [call, error] { call->fail(error); });
    return call;
}

int GenerateCall::attempts() const
{
    return m_call ? m_call->attempts() : 0;
}

void GenerateCall::handle(const QList<StreamEvent> &events)
{
    for (const StreamEvent &event : events) {
        if (m_state != State::Running)
            return;
        if (event.type == StreamEvent::Type::Error) {
            // The rest of the body is of no use: stop receiving it.
            ApiError error = event.error;
            if (m_call && m_call->isRunning()) {
                m_call->disconnect(this);
                m_call->cancel();
            }
            fail(error);
            return;
        }
        for (const ResponseDelta &delta : event.deltas) {
            switch (delta.type) {
            case ResponseDelta::Type::Text:
                Q_EMIT textDelta(delta.candidateIndex, delta.text);
                break;
            case ResponseDelta::Type::Thought:
                Q_EMIT thoughtDelta(delta.candidateIndex, delta.text);
                break;
            case ResponseDelta::Type::OtherPart:
                Q_EMIT partReceived(delta.candidateIndex, delta.part);
                break;
            }
            if (m_state != State::Running)
                return; // a receiver cancelled
        }
        if (event.chunk.usageMetadata)
            Q_EMIT usageChanged(*event.chunk.usageMetadata);
    }
}

void GenerateCall::succeed()
{
    m_state = State::Finished;
    Q_EMIT finished(m_decoder.aggregate());
    if (m_autoDelete)
        deleteLater();
}

void GenerateCall::fail(ApiError error)
{
    if (m_state != State::Running)
        return;
    if (m_decoder.chunkCount() > 0)
        error.afterStreamStarted = true;
    m_state = State::Failed;
    m_error = error;
    qCDebug(lcApi) << "generate call failed:" << error.kindName();
    Q_EMIT failed(error);
    if (m_autoDelete)
        deleteLater();
}

void GenerateCall::cancel()
{
    if (m_state != State::Running)
        return;
    if (m_call && m_call->isRunning()) {
        m_call->cancel(); // reports ApiError::Kind::Cancelled through failed()
        return;
    }
    fail(ApiError::cancelled());
}
