#pragma once

#include "api/apierror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

// SHA-256 of a local file on a worker thread (QThreadPool), with progress and cancellation, so a
// 2 GB file never blocks the GUI thread. Reads in 1 MiB blocks; memory stays flat.
class FileHasher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileHasher)

public:
    explicit FileHasher(QObject *parent = nullptr);
    ~FileHasher() override; // cancels and waits for the worker

    void start(const QString &path);
    void cancel();
    bool isRunning() const { return m_running; }

    // Synchronous, for the CLI and tests: the lower-case hex digest, or empty with *error set.
    static QByteArray sha256Hex(const QString &path, ApiError *error = nullptr);

    // Incremental SHA-256: OpenSSL's libcrypto when the build found it (about 15 times faster than
    // Qt 6.4's QCryptographicHash), QCryptographicHash otherwise. ResumableUpload uses it too.
    class Sha256 final
    {
        Q_DISABLE_COPY_MOVE(Sha256)

    public:
        Sha256();
        ~Sha256();
        void addData(QByteArrayView bytes);
        QByteArray resultHex(); // lower-case hex; call once, at the end
    private:
        struct Impl;
        std::unique_ptr<Impl> d;
    };

Q_SIGNALS:
    void progressChanged(qint64 hashed, qint64 total);
    void finished(const QByteArray &sha256Hex); // lower-case hex
    void failed(const ApiError &error);         // LocalFile, or Cancelled

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    bool m_running = false;
};
