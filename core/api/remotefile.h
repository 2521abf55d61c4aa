#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// The File resource of the Files API (gemini-api.md §7.3): a file uploaded to the project, kept for
// 48 hours. The upload's final reply wraps it in {"file": …}; files.get returns it bare.
struct RemoteFile
{
    enum class State {
        Unspecified,
        Processing,
        Active,
        Failed
    };
    enum class Source {
        Unspecified,
        Uploaded,
        Generated,
        Registered
    };

    QString name; // "files/abc123"
    QString displayName;
    QString mimeType;
    qint64 sizeBytes = 0; // int64 as a string on the wire
    QDateTime createTime;
    QDateTime updateTime;
    QDateTime expirationTime;
    QString sha256Hash; // as sent: base64 of the lower-case hex digest
    QString uri;        // use as fileData.fileUri
    QString downloadUri;
    State state = State::Unspecified;
    Source source = Source::Unspecified;
    int errorCode = 0; // state FAILED: google.rpc.Status
    QString errorMessage;
    std::optional<qint64> videoDurationMs;
    QByteArray videoThumbnail; // JPEG bytes

    // "abc123" for "files/abc123".
    QString id() const;
    // The lower-case hex SHA-256 of the content, decoded from sha256Hash; empty when absent or malformed.
    QByteArray sha256Hex() const;
    bool isActive() const { return state == State::Active; }
    bool isExpired(const QDateTime &now) const;
    // Milliseconds until expirationTime (0 once expired); nullopt when the server sent no expiry.
    std::optional<qint64> msUntilExpiry(const QDateTime &now) const;

    static QString stateName(State state); // "ACTIVE"
    static State stateFromName(const QString &name);
    static QString sourceName(Source source);
    static Source sourceFromName(const QString &name);
    // sha256Hash for a hex digest, as the server computes it.
    static QString sha256HashFromHex(const QByteArray &hex);

    QJsonObject toJson() const;
    static RemoteFile fromJson(const QJsonObject &json); // camelCase or snake_case
    // The upload's final reply: {"file": {...}}; a bare File is accepted too. nullopt when the body is
    // not a File (no name).
    static std::optional<RemoteFile> fromUploadReply(const QJsonObject &json);

    friend bool operator==(const RemoteFile &, const RemoteFile &) = default;
};

// One page of files.list.
struct RemoteFilePage
{
    QList<RemoteFile> files;
    QString nextPageToken;
    static RemoteFilePage fromJson(const QJsonObject &json);
};

// Turns "abc123", "files/abc123" or the file's uri into the resource name "files/abc123"; empty when
// the text cannot name a file.
QString remoteFileResourceName(const QString &nameOrUri);

Q_DECLARE_METATYPE(RemoteFile)
