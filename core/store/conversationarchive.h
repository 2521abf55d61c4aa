#pragma once

#include "storetypes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class BlobCache;

// Export and import of whole conversations (their visible paths).
//
// JSON (one file, any number of conversations):
//   { "format": "alhena-conversations", "version": 1, "exported": "<ISO time>",
//     "conversations": [ { "title": ..., "created": ..., "updated": ..., "pinned": false,
//                          "model": "gemini-2.5-flash",
//                          "request": { "contents": [...], "systemInstruction": {...},
//                                       "generationConfig": {...}, "safetySettings": [...],
//                                       "tools": [...] } } ] }
// `request` is exactly a generateContent request body (gemini-api.md §3.1): `jq '.conversations[0].request'`
// can be posted with curl. Its `contents` are the turns as the API sees them (Conversation::request:
// failed and blocked exchanges left out), attachments inline (base64 from the blob) when the blob is
// there and at most InlineExportMaxBytes, else as the fileData they were sent as.
//
// Markdown: one file per conversation, "# Title", the settings in a short list, then "## You" /
// "## Gemini (model)" sections; attachments are copied into "<name>.files/" beside it and linked.
//
// Import takes the JSON back: every conversation is checked before anything is returned, and any
// problem refuses the whole file with a message that says where ("conversation 3, contents[4].parts[0]:
// inlineData.data is not base64"). Hostile input is refused, never trusted: files over MaxImportBytes,
// nesting deeper than MaxDepth, more than MaxConversations or MaxTurns per conversation, unknown
// roles, parts of no known kind, invalid base64, NUL in text, a format or version it does not know.
class ConversationArchive final
{
    Q_DECLARE_TR_FUNCTIONS(ConversationArchive)

public:
    static constexpr qint64 InlineExportMaxBytes = 20LL * 1000 * 1000;
    // An import is parsed whole (QJsonDocument): about four times its size in memory at the peak.
    static constexpr qint64 MaxImportBytes = 256LL * 1000 * 1000;
    static constexpr int MaxDepth = 64;
    static constexpr int MaxConversations = 100000;
    static constexpr int MaxTurns = 100000;
    static constexpr int FormatVersion = 1;

    // Bytes of an attachment for the export: from the blob cache (by sha256), else the file at its path.
    using BlobReader = std::function<QByteArray(const Attachment &attachment)>;
    static BlobReader readerFor(const BlobCache *blobs);

    static QByteArray toJson(const QList<ConversationRecord> &records, const BlobReader &read);

    struct ImportResult
    {
        QList<ConversationRecord> records; // empty when refused
        QString error;                     // for the user; empty on success
        bool ok() const { return error.isEmpty(); }
    };
    // Imported turns: user turns get their text and their inline attachments back as Attachments
    // with bytes (the caller stores them in the blob cache); model turns come back Done with one
    // candidate. Blocked or failed exchanges are not in an export, so they are not in an import.
    static ImportResult fromJson(const QByteArray &json);
    static ImportResult readFile(const QString &path); // size checked before reading

    // Writes `<folder>/<safe title>.md` (made unique) and its attachments in `<safe title>.files/`;
    // returns the Markdown file's path, or empty with *error.
    static QString writeMarkdown(
        const ConversationRecord &record, const QString &folder, const BlobReader &read, QString *error = nullptr);
    static QString toMarkdown(const ConversationRecord &record, const QStringList &attachmentLinks = {});
    // A file name made from a title: no separators, control characters or leading dots; at most 80
    // characters; "Conversation" when nothing is left.
    static QString safeFileName(const QString &title);
};
