#include "tokencounter.h"

#include "net/apicall.h"
#include "net/geminiclient.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcCount, "alhena.tokencounter")

// Safety settings are not counted (GeminiClient drops them from countTokens): changing them alone
// must not cost a request.
GenerateContentRequest countedPart(GenerateContentRequest request)
{
    request.safetySettings.clear();
    return request;
}

} // namespace

TokenCounter::TokenCounter(GeminiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DefaultDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &TokenCounter::start);
}

TokenCounter::~TokenCounter()
{
    // The callbacks are bound to this object; cancelling keeps the replies from being read for nothing.
    ++m_contextGeneration;
    ++m_draftGeneration;
    if (m_contextCall)
        m_contextCall->cancel();
    if (m_draftCall)
        m_draftCall->cancel();
}

void TokenCounter::setDebounceMs(int ms)
{
    m_debounce.setInterval(qMax(0, ms));
}

void TokenCounter::setModel(const QString &model)
{
    const QString trimmed = model.trimmed();
    if (trimmed == m_model)
        return;
    m_model = trimmed;
    m_contextDirty = true;
    m_draftDirty = true;
    cancelContextCall();
    cancelDraftCall();
    schedule();
}

void TokenCounter::setContext(const GenerateContentRequest &context)
{
    const GenerateContentRequest counted = countedPart(context);
    if (counted == m_context)
        return;
    m_context = counted;
    m_contextDirty = true;
    cancelContextCall();
    if (m_combined)
        cancelDraftCall(); // with an empty history it is recounted with the context
    schedule();
}

void TokenCounter::setDraft(const QString &text, qint64 attachmentTokens)
{
    attachmentTokens = qMax<qint64>(0, attachmentTokens);
    if (attachmentTokens != m_attachmentTokens) {
        // A local estimate: no request, the figure changes at once.
        m_attachmentTokens = attachmentTokens;
        Count count = m_count;
        count.attachmentTokens = attachmentTokens;
        count.estimated = attachmentTokens > 0;
        setCount(count);
    }
    if (text == m_draft)
        return;
    m_draft = text;
    m_draftDirty = true;
    cancelDraftCall();
    if (m_contextCallHasDraft)
        cancelContextCall(); // it counts the old draft
    schedule();
}

bool TokenCounter::isCounting() const
{
    return m_debounce.isActive() || m_contextCall || m_draftCall;
}

void TokenCounter::schedule()
{
    m_debounce.start();
    updateCounting();
}

void TokenCounter::start()
{
    if (m_model.isEmpty()) {
        updateCounting(); // nothing to count against; the figures wait for a model
        return;
    }

    // With no history the draft joins the context in one call; switching form recounts both.
    const bool combined = m_context.contents.isEmpty();
    if (combined != m_combined) {
        m_combined = combined;
        m_contextDirty = true;
        m_draftDirty = true;
        cancelContextCall();
        cancelDraftCall();
    }

    if (combined) {
        if (m_contextDirty || m_draftDirty)
            startCombined();
    } else {
        if (m_contextDirty)
            startContext();
        if (m_draftDirty)
            startDraft();
    }
    updateCounting();
}

void TokenCounter::startCombined()
{
    m_contextDirty = false;
    m_draftDirty = false;
    cancelContextCall();
    cancelDraftCall();

    const bool draftAlone = (!m_context.systemInstruction || m_context.systemInstruction->isEmpty())
        && m_context.tools.isEmpty() && !m_context.toolConfig && m_context.cachedContent.isEmpty();
    GenerateContentRequest request = m_context;
    if (!m_draft.isEmpty()) {
        request.contents = {Content::user(m_draft)};
    } else if (!draftAlone && m_context.systemInstruction && !m_context.systemInstruction->isEmpty()) {
        // countTokens needs a content: the instruction itself stands in for it, counted once.
        request.contents = {Content {u"user"_s, m_context.systemInstruction->parts}};
        request.systemInstruction.reset();
    } else {
        Count count = m_count;
        count.contextTokens = 0;
        count.draftTokens = 0;
        finishWith(count);
        return;
    }
    if (draftAlone) {
        // Nothing but the draft: its figure is the draft's, and the context costs nothing.
        request.contents = {Content::user(m_draft)};
        startCall(request, Target::DraftAlone);
        return;
    }
    m_contextCallHasDraft = true;
    startCall(request, Target::Both);
}

void TokenCounter::startContext()
{
    m_contextDirty = false;
    cancelContextCall();
    m_contextCallHasDraft = false;
    startCall(m_context, Target::Context);
}

void TokenCounter::startDraft()
{
    m_draftDirty = false;
    cancelDraftCall();
    if (m_draft.isEmpty()) {
        Count count = m_count;
        count.draftTokens = 0;
        finishWith(count);
        return;
    }
    GenerateContentRequest request;
    request.contents = {Content::user(m_draft)};
    startCall(request, Target::Draft);
}

void TokenCounter::startCall(const GenerateContentRequest &request, Target target)
{
    const bool context = target == Target::Context || target == Target::Both;
    const quint64 generation = context ? ++m_contextGeneration : ++m_draftGeneration;
    ApiCall *call = m_client->countTokens(
        m_model, request, this, [this, generation, context, target](const TokenCount &result, const ApiError &error) {
            if (generation != (context ? m_contextGeneration : m_draftGeneration))
                return; // a newer count replaced this one
            if (context) {
                m_contextCall = nullptr;
                m_contextCallHasDraft = false;
            } else {
                m_draftCall = nullptr;
            }
            if (error.isError()) {
                if (error.kind != ApiError::Kind::Cancelled)
                    fail(error, target);
                updateCounting();
                return;
            }
            Count count = m_count;
            switch (target) {
            case Target::Context:
                count.contextTokens = result.totalTokens;
                break;
            case Target::Draft:
                count.draftTokens = result.totalTokens;
                break;
            case Target::Both:
                count.contextTokens = result.totalTokens;
                count.draftTokens = 0;
                break;
            case Target::DraftAlone:
                count.contextTokens = 0;
                count.draftTokens = result.totalTokens;
                break;
            }
            m_lastError = {};
            finishWith(count);
        });
    (context ? m_contextCall : m_draftCall) = call;
}

void TokenCounter::cancelContextCall()
{
    ++m_contextGeneration; // its callback, run by cancel() or still queued, is ignored
    m_contextCallHasDraft = false;
    if (ApiCall *call = m_contextCall) {
        m_contextCall = nullptr;
        call->cancel();
    }
}

void TokenCounter::cancelDraftCall()
{
    ++m_draftGeneration;
    if (ApiCall *call = m_draftCall) {
        m_draftCall = nullptr;
        call->cancel();
    }
}

void TokenCounter::fail(const ApiError &error, Target target)
{
    qCDebug(lcCount) << "count failed:" << error.kindName() << error.httpStatus;
    // A transient failure is tried again with the next change; a permanent one (a bad model, a
    // rejected setting) waits until what it counted changes, rather than failing on every keystroke.
    if (error.isTransient()) {
        if (target != Target::Draft)
            m_contextDirty = true;
        if (target != Target::Context)
            m_draftDirty = true;
    }
    m_lastError = error;
    Q_EMIT failed(error);
}

void TokenCounter::finishWith(const Count &count)
{
    setCount(count);
    updateCounting();
}

void TokenCounter::setCount(const Count &count)
{
    if (count == m_count)
        return;
    m_count = count;
    Q_EMIT countChanged(m_count);
}

void TokenCounter::updateCounting()
{
    const bool counting = isCounting();
    if (counting == m_counting)
        return;
    m_counting = counting;
    Q_EMIT countingChanged(counting);
}
