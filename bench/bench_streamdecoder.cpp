// Decoder throughput on a large SSE stream of realistic events, side by side with a baseline that
// does the least any decoder must do (find each event, parse its JSON) and nothing else.
//   build/bin/bench_streamdecoder [megabytes] [runs]
#include "streamdecoder.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
// Events shaped like the real server's (gemini-api.md §4.1): one-line half-compact JSON, usage,
// model version and response id on every chunk, ~120-400 characters of Markdown text per delta.
QByteArray realisticStream(qsizetype targetBytes)
{
    static const char *const pieces[] = {
        "The **Gemini API** streams its answer as a series of deltas. ",
        "Each event carries usage metadata with running totals, ",
        "so a client must take the last one rather than a sum.\\n\\n",
        "- A bullet with `inline code` and a [link](https://example.com)\\n",
        "| column | value |\\n|---|---|\\n| tokens | 1024 |\\n",
        "```python\\nfor i in range(3):\\n    print(\\\"héllo\\\", i)\\n```\\n",
        "Ünïcødé text — with dashes, “quotes” and emoji 🌍 — appears now and then. ",
    };
    QByteArray out;
    out.reserve(targetBytes + 1024);
    int n = 0;
    int tokens = 0;
    while (out.size() < targetBytes) {
        QByteArray text;
        for (int i = 0; i < 3; ++i)
            text += pieces[(n + i * 3) % 7];
        tokens += 40;
        out += R"(data: {"candidates": [{"content": {"parts": [{"text": ")" + text
            + R"("}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 12,"candidatesTokenCount": )"
            + QByteArray::number(tokens) + R"(,"totalTokenCount": )" + QByteArray::number(tokens + 12)
            + R"(,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 12}]},"modelVersion": "gemini-2.5-flash","responseId": "mIsXaZbKE5DZz7IP6JqN0QM"})"
            + "\r\n\r\n";
        ++n;
    }
    out += R"(data: {"candidates": [{"content": {"parts": [{"text": ""}],"role": "model"},"finishReason": "STOP","index": 0}],"modelVersion": "gemini-2.5-flash","responseId": "mIsXaZbKE5DZz7IP6JqN0QM"})"
           "\r\n\r\n";
    return out;
}

double decode(const QByteArray &body, qsizetype piece, qsizetype *textChars)
{
    QElapsedTimer t;
    t.start();
    StreamDecoder decoder;
    qsizetype chars = 0;
    for (qsizetype pos = 0; pos < body.size(); pos += piece) {
        for (const StreamEvent &e :
            decoder.feed(QByteArrayView(body).sliced(pos, std::min(piece, body.size() - pos)))) {
            for (const ResponseDelta &d : e.deltas)
                chars += d.text.size();
        }
    }
    const auto last = decoder.finish();
    if (!last.isEmpty())
        std::fprintf(stderr, "decoder reported an error: %s\n", qPrintable(last.first().error.message));
    *textChars = chars;
    return double(t.nsecsElapsed()) / 1e9;
}

double baseline(const QByteArray &body, qsizetype *events)
{
    QElapsedTimer t;
    t.start();
    qsizetype count = 0;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype end = body.indexOf("\r\n\r\n", pos);
        if (end < 0)
            break;
        const QJsonDocument doc = QJsonDocument::fromJson(body.sliced(pos + 6, end - pos - 6));
        count += doc.isObject() ? 1 : 0;
        pos = end + 4;
    }
    *events = count;
    return double(t.nsecsElapsed()) / 1e9;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}
} // namespace

int main(int argc, char **argv)
{
    const int megabytes = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;
    const QByteArray body = realisticStream(qsizetype(megabytes) * 1024 * 1024);
    const double mb = double(body.size()) / (1024.0 * 1024.0);
    std::printf("stream: %.1f MiB of SSE, %lld events; median of %d runs\n", mb,
        static_cast<long long>(body.count("\r\n\r\n")), runs);

    QList<double> base;
    qsizetype events = 0;
    for (int i = 0; i < runs; ++i)
        base.append(baseline(body, &events));
    std::printf("%-44s %8.1f MB/s\n", "baseline (split + QJsonDocument per event)", mb / median(base));

    for (const qsizetype piece : {qsizetype(16 * 1024), qsizetype(512), qsizetype(5)}) {
        QList<double> times;
        qsizetype chars = 0;
        for (int i = 0; i < runs; ++i)
            times.append(decode(body, piece, &chars));
        const QByteArray label = "StreamDecoder, fed " + QByteArray::number(piece) + "-byte pieces";
        std::printf("%-44s %8.1f MB/s  (%.2fx baseline time)\n", label.constData(), mb / median(times),
            median(times) / median(base));
    }
    return 0;
}
