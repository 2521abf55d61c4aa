#pragma once

#include "streamdecoder.h"

#include <QRandomGenerator>

// Feeds a whole body to a StreamDecoder in pieces and collects what it yields.
struct DecodeResult
{
    QList<StreamEvent> events;
    GenerateContentResponse aggregate;
    QString text; // all text deltas of candidate 0, concatenated
    QString thoughts;
    int chunks = 0;
    std::optional<ApiError> error;
};

enum class Split {
    Whole,
    ByteByByte,
    Random,
};

inline DecodeResult decodeBody(const QByteArray &body, Split split, quint32 seed = 1,
    StreamDecoder::Framing framing = StreamDecoder::Framing::Auto)
{
    StreamDecoder decoder(framing);
    DecodeResult r;
    auto take = [&r](const QList<StreamEvent> &events) {
        for (const StreamEvent &e : events) {
            r.events.append(e);
            if (e.type == StreamEvent::Type::Error) {
                r.error = e.error;
                continue;
            }
            ++r.chunks;
            for (const ResponseDelta &d : e.deltas) {
                if (d.candidateIndex != 0)
                    continue;
                if (d.type == ResponseDelta::Type::Text)
                    r.text += d.text;
                else if (d.type == ResponseDelta::Type::Thought)
                    r.thoughts += d.text;
            }
        }
    };
    QRandomGenerator rng(seed);
    qsizetype pos = 0;
    while (pos < body.size()) {
        qsizetype n = body.size() - pos;
        if (split == Split::ByteByByte)
            n = 1;
        else if (split == Split::Random)
            n = std::min<qsizetype>(n, 1 + rng.bounded(64));
        take(decoder.feed(QByteArrayView(body.constData() + pos, n)));
        pos += n;
    }
    take(decoder.finish());
    r.aggregate = decoder.aggregate();
    return r;
}
