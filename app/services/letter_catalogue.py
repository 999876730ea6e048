"""The letters desa and kelurahan offices issue most: fields, template text, classification, route.

Classification codes follow the Lampiran of Permendagri No. 83 Tahun 2022 (Kode Klasifikasi Arsip
di Lingkungan Kementerian Dalam Negeri dan Pemerintah Daerah); see docs/letter-catalogue.md.
Route `surat_desa_kecamatan` is for letters the camat signs too (pengesahan / mengetahui).
"""

OPENING = (
    "Yang bertanda tangan di bawah ini, ${kepala}, Kecamatan ${kecamatan}, "
    "Kabupaten ${kabupaten}, menerangkan dengan sebenarnya bahwa:"
)


def _f(name: str, label: str, kind: str = "text", required: bool = True) -> dict:
    return {"name": name, "label": label, "type": kind, "required": required}


BIRTH = [_f("tempat_lahir", "Tempat lahir"), _f("tanggal_lahir", "Tanggal lahir", "date")]
ADDRESS = [_f("alamat", "Alamat", "textarea")]
PURPOSE = [_f("keperluan", "Keperluan")]
# Every desa form asks the purpose; where the letter itself says it, it is optional.
PURPOSE_OPTIONAL = [_f("keperluan", "Keperluan", required=False)]

# (code, name, classification, route, fields, closing text)
LETTER_TYPES = [
    (
        "SKD",
        "Surat Keterangan Domisili",
        "400.12.2.1",
        "surat_desa",
        BIRTH + ADDRESS + PURPOSE,
        "adalah benar penduduk yang berdomisili di ${kantor} pada alamat tersebut di atas. "
        "Surat keterangan ini dibuat untuk keperluan ${keperluan}.",
    ),
    (
        "SKU",
        "Surat Keterangan Usaha",
        "500",
        "surat_desa",
        [
            _f("nama_usaha", "Nama usaha"),
            _f("jenis_usaha", "Jenis usaha"),
            _f("alamat_usaha", "Alamat usaha", "textarea"),
            _f("mulai_usaha", "Mulai usaha", "date", required=False),
            *PURPOSE,
        ],
        'adalah benar mempunyai usaha ${jenis_usaha} dengan nama "${nama_usaha}" di ${kantor}. '
        "Surat keterangan ini dibuat untuk keperluan ${keperluan}.",
    ),
    (
        "SKTM",
        "Surat Keterangan Tidak Mampu",
        "400",
        "surat_desa_kecamatan",
        [
            *BIRTH,
            _f("pekerjaan", "Pekerjaan"),
            *ADDRESS,
            _f("penghasilan", "Penghasilan per bulan (Rp)", "number", required=False),
            *PURPOSE,
        ],
        "adalah benar warga ${kantor} yang tergolong keluarga tidak mampu. "
        "Surat keterangan ini dibuat untuk keperluan ${keperluan}.",
    ),
    (
        "SKPWNI",
        "Surat Keterangan Pindah WNI",
        "400.12.2.2",
        "surat_desa_kecamatan",
        [
            _f("alamat_asal", "Alamat asal", "textarea"),
            _f("alamat_tujuan", "Alamat tujuan", "textarea"),
            _f("alasan_pindah", "Alasan pindah"),
            _f("jumlah_pengikut", "Jumlah keluarga yang ikut pindah", "number"),
        ],
        "adalah benar penduduk ${kantor} yang akan pindah ke ${alamat_tujuan}. "
        "Surat keterangan ini dibuat sebagai dasar pengurusan kepindahan.",
    ),
    (
        "SPSKCK",
        "Surat Pengantar SKCK",
        "300",
        "surat_desa",
        [*BIRTH, _f("pekerjaan", "Pekerjaan"), *ADDRESS, *PURPOSE],
        "adalah benar warga ${kantor} yang sepanjang pengetahuan kami berkelakuan baik dan tidak "
        "pernah terlibat perkara pidana. Surat pengantar ini diberikan untuk mengurus Surat "
        "Keterangan Catatan Kepolisian (SKCK) guna ${keperluan}.",
    ),
    (
        "SKL",
        "Surat Keterangan Kelahiran",
        "400.12.3.1",
        "surat_desa",
        [
            _f("nama_bayi", "Nama bayi"),
            _f("jenis_kelamin_bayi", "Jenis kelamin bayi"),
            _f("tempat_lahir_bayi", "Tempat kelahiran"),
            _f("tanggal_lahir_bayi", "Tanggal kelahiran", "date"),
            _f("nama_ayah", "Nama ayah"),
            _f("nama_ibu", "Nama ibu"),
            *PURPOSE_OPTIONAL,
        ],
        "telah lahir seorang anak bernama ${nama_bayi} di ${tempat_lahir_bayi} dari ibu "
        "${nama_ibu} dan ayah ${nama_ayah}, warga ${kantor}. Surat keterangan ini dibuat sebagai "
        "dasar penerbitan akta kelahiran.",
    ),
    (
        "SKM",
        "Surat Keterangan Kematian",
        "400.12.3.1",
        "surat_desa",
        [
            _f("nama_almarhum", "Nama almarhum/almarhumah"),
            _f("nik_almarhum", "NIK almarhum/almarhumah"),
            _f("tanggal_meninggal", "Tanggal meninggal", "date"),
            _f("tempat_meninggal", "Tempat meninggal"),
            _f("sebab_meninggal", "Sebab meninggal"),
            _f("hubungan_pelapor", "Hubungan pelapor dengan almarhum"),
            *PURPOSE_OPTIONAL,
        ],
        "selaku ${hubungan_pelapor} melaporkan bahwa ${nama_almarhum}, warga ${kantor}, telah "
        "meninggal dunia di ${tempat_meninggal} karena ${sebab_meninggal}. Surat keterangan ini "
        "dibuat sebagai dasar penerbitan akta kematian.",
    ),
    (
        "SKBM",
        "Surat Keterangan Belum Menikah",
        "400.12.3.2",
        "surat_desa",
        [*BIRTH, _f("pekerjaan", "Pekerjaan"), *ADDRESS, *PURPOSE],
        "adalah benar warga ${kantor} yang sampai saat surat ini dibuat belum pernah menikah. "
        "Surat keterangan ini dibuat untuk keperluan ${keperluan}.",
    ),
    (
        "SKPOT",
        "Surat Keterangan Penghasilan Orang Tua",
        "400",
        "surat_desa",
        [
            _f("nama_anak", "Nama anak"),
            _f("sekolah_anak", "Sekolah/perguruan tinggi anak"),
            _f("pekerjaan", "Pekerjaan orang tua"),
            _f("penghasilan", "Penghasilan per bulan (Rp)", "number"),
            *PURPOSE,
        ],
        "adalah benar orang tua dari ${nama_anak} (${sekolah_anak}), bekerja sebagai "
        "${pekerjaan} dengan penghasilan rata-rata Rp ${penghasilan} per bulan. Surat keterangan "
        "ini dibuat untuk keperluan ${keperluan}.",
    ),
    (
        "SKAW",
        "Surat Keterangan Ahli Waris",
        "400.12.3.1",
        "surat_desa_kecamatan",
        [
            _f("nama_pewaris", "Nama pewaris (almarhum/almarhumah)"),
            _f("tanggal_meninggal", "Tanggal pewaris meninggal", "date"),
            _f("daftar_ahli_waris", "Ahli waris (nama dan hubungan, satu per baris)", "textarea"),
            *PURPOSE,
        ],
        "adalah salah seorang ahli waris dari almarhum/almarhumah ${nama_pewaris}, warga "
        "${kantor}. Ahli waris yang sah ialah: ${daftar_ahli_waris}. Surat keterangan ini dibuat "
        "untuk keperluan ${keperluan}.",
    ),
    (
        "SKBN",
        "Surat Keterangan Beda Nama",
        "400.12.2.1",
        "surat_desa",
        [
            _f("nama_dokumen_1", "Nama pada dokumen pertama"),
            _f("dokumen_1", "Dokumen pertama (misalnya KTP)"),
            _f("nama_dokumen_2", "Nama pada dokumen kedua"),
            _f("dokumen_2", "Dokumen kedua (misalnya ijazah)"),
            *PURPOSE,
        ],
        'adalah benar warga ${kantor}; nama "${nama_dokumen_1}" pada ${dokumen_1} dan nama '
        '"${nama_dokumen_2}" pada ${dokumen_2} adalah satu orang yang sama. Surat keterangan ini '
        "dibuat untuk keperluan ${keperluan}.",
    ),
    (
        "SKK",
        "Surat Keterangan Kehilangan",
        "300",
        "surat_desa",
        [
            _f("barang_hilang", "Barang/dokumen yang hilang"),
            _f("tanggal_hilang", "Tanggal kehilangan", "date"),
            _f("tempat_hilang", "Tempat kehilangan"),
            *ADDRESS,
            *PURPOSE_OPTIONAL,
        ],
        "adalah benar warga ${kantor} yang telah kehilangan ${barang_hilang} di ${tempat_hilang}. "
        "Surat keterangan ini dibuat sebagai pengantar laporan kehilangan kepada Kepolisian.",
    ),
]
