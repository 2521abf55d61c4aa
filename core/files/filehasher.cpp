#include "filehasher.h"

#include "logging.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QThreadPool>

#include <condition_variable>
#include <mutex>

#ifdef ALHENA_HAVE_OPENSSL_CRYPTO
#include <openssl/crypto.h>
#include <openssl/evp.h>
#endif

using namespace Qt::StringLiterals;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(FileHasher)
};

constexpr qint64 BlockBytes = 1024 * 1024;
constexpr qint64 ProgressIntervalMs = 50;

// Reads the file in blocks; stops early (returning empty, no error) when stop() says so.
template<typename Stop, typename Progress>
QByteArray hashFile(const QString &path, ApiError *error, Stop stop, Progress progress)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = ApiError::localFile(Tr::tr("Cannot read %1: %2.").arg(shown, file.errorString()));
        return {};
    }
    const qint64 total = file.size();
    FileHasher::Sha256 hash;
    QByteArray block(BlockBytes, Qt::Uninitialized);
    qint64 done = 0;
    for (;;) {
        if (stop())
            return {};
        const qint64 n = file.read(block.data(), BlockBytes);
        if (n < 0) {
            if (error)
                *error = ApiError::localFile(Tr::tr("Cannot read %1: %2.").arg(shown, file.errorString()));
            return {};
        }
        if (n == 0)
            break;
        hash.addData(QByteArrayView(block.constData(), n));
        done += n;
        progress(done, std::max(total, done));
    }
    return hash.resultHex();
}

} // namespace

struct FileHasher::Sha256::Impl
{
#ifdef ALHENA_HAVE_OPENSSL_CRYPTO
    EVP_MD_CTX *ctx = nullptr; // null: OpenSSL would not give SHA-256 (a strange FIPS setup); Qt's then
#endif
    QCryptographicHash qt {QCryptographicHash::Sha256};
};

FileHasher::Sha256::Sha256()
    : d(std::make_unique<Impl>())
{
#ifdef ALHENA_HAVE_OPENSSL_CRYPTO
    d->ctx = EVP_MD_CTX_new();
    if (d->ctx && EVP_DigestInit_ex(d->ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(d->ctx);
        d->ctx = nullptr;
    }
#endif
}

FileHasher::Sha256::~Sha256()
{
#ifdef ALHENA_HAVE_OPENSSL_CRYPTO
    EVP_MD_CTX_free(d->ctx);
#endif
}

void FileHasher::Sha256::addData(QByteArrayView bytes)
{
#ifdef ALHENA_HAVE_OPENSSL_CRYPTO
    if (d->ctx) {
        EVP_DigestUpdate(d->ctx, bytes.data(), size_t(bytes.size()));
        return;
    }
#endif
    d->qt.addData(bytes);
}

QByteArray FileHasher::Sha256::resultHex()
{
#ifdef ALHENA_HAVE_OPENSSL_CRYPTO
    if (d->ctx) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(d->ctx, digest, &length) == 1)
            return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
        return {};
    }
#endif
    return d->qt.result().toHex();
}

// What the worker and the object share. The worker never touches the FileHasher after the
// destructor has started: the destructor bumps the generation and waits for every worker to leave.
struct FileHasher::Shared
{
    std::atomic<quint64> generation {0};
    std::mutex mutex;
    std::condition_variable idle;
    int workers = 0;
};

FileHasher::FileHasher(QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{ }

FileHasher::~FileHasher()
{
    ++m_shared->generation;
    std::unique_lock lock(m_shared->mutex);
    m_shared->idle.wait(lock, [this] { return m_shared->workers == 0; });
}

void FileHasher::start(const QString &path)
{
    if (m_running)
        cancel();
    m_running = true;
    const quint64 generation = ++m_shared->generation;
    {
        std::lock_guard lock(m_shared->mutex);
        ++m_shared->workers;
    }
    std::shared_ptr<Shared> shared = m_shared;
    FileHasher *self = this;
    QThreadPool::globalInstance()->start([shared, self, generation, path] {
        auto stale = [&] { return shared->generation.load() != generation; };
        QElapsedTimer sinceProgress;
        sinceProgress.start();
        ApiError error;
        const QByteArray digest = hashFile(path, &error, stale, [&](qint64 hashed, qint64 total) {
            if (hashed < total && sinceProgress.elapsed() < ProgressIntervalMs)
                return;
            sinceProgress.restart();
            // Queued to self's thread; dropped by Qt if self is gone by then (it cannot be gone now:
            // its destructor waits for this worker).
            QMetaObject::invokeMethod(
                self,
                [self, generation, hashed, total] {
                    if (self->m_shared->generation.load() == generation && self->m_running)
                        Q_EMIT self->progressChanged(hashed, total);
                },
                Qt::QueuedConnection);
        });
#ifdef ALHENA_HAVE_OPENSSL_CRYPTO
        // OpenSSL keeps per-thread state (its error queue) for this pool thread. It is freed by a
        // thread-exit hook, which races with OpenSSL's own atexit cleanup when the process ends
        // while the pool thread still lives; LeakSanitizer caught the orphaned block. Free it now.
        OPENSSL_thread_stop();
#endif
        if (!stale()) {
            QMetaObject::invokeMethod(
                self,
                [self, generation, digest, error] {
                    if (self->m_shared->generation.load() != generation || !self->m_running)
                        return;
                    self->m_running = false;
                    if (error.isError())
                        Q_EMIT self->failed(error);
                    else
                        Q_EMIT self->finished(digest);
                },
                Qt::QueuedConnection);
        }
        std::lock_guard lock(shared->mutex);
        --shared->workers;
        shared->idle.notify_all();
    });
}

void FileHasher::cancel()
{
    if (!m_running)
        return;
    ++m_shared->generation;
    m_running = false;
    qCDebug(lcFiles) << "hashing cancelled";
    Q_EMIT failed(ApiError::cancelled());
}

QByteArray FileHasher::sha256Hex(const QString &path, ApiError *error)
{
    return hashFile(
        path, error, [] { return false; }, [](qint64, qint64) {});
}
